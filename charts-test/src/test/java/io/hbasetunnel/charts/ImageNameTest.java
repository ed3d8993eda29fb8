package io.hbasetunnel.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One image name in build.sh, the chart and the operator's default; build.sh run against a fake engine. */
class ImageNameTest {
  private static final Path BUILD = ProjectFiles.DOCKER.resolve("build.sh");

  @Test
  void buildScriptChartAndOperatorNameTheSameImage() {
    String script = ProjectFiles.read(BUILD);
    String built = defaultOf(script, "IMAGE") + ":" + defaultOf(script, "VERSION");
    assertThat(ChartValues.image()).isEqualTo(built);
    Matcher operatorDefault = Pattern.compile("--worker-image\"[^\\n]*WORKER_IMAGE:-([^}]+)}")
        .matcher(ProjectFiles.read(ProjectFiles.OPERATOR_SOURCES.resolve("OperatorMain.java")));
    assertThat(operatorDefault.find()).as("OperatorMain's --worker-image default").isTrue();
    assertThat(operatorDefault.group(1)).isEqualTo(built);
  }

  @Test
  void buildAndPushWithTheEngineGiven(@TempDir Path tmp) throws Exception {
    Path dist = tmp.resolve("hbase-tunnel");
    Files.createDirectories(dist.resolve("bin"));
    executable(dist.resolve("bin/hbase-tunnel"), "#!/bin/sh\n");
    Path calls = tmp.resolve("calls");
    Path engine = executable(tmp.resolve("fake-engine"), "#!/bin/sh\necho \"$*\" >> " + calls + "\n");
    ProcessBuilder pb = new ProcessBuilder("bash", BUILD.toString(), "--push").redirectErrorStream(true);
    pb.environment().put("CONTAINER_ENGINE", engine.toString());
    pb.environment().put("DIST_DIR", dist.toString());
    pb.environment().remove("IMAGE");
    pb.environment().remove("VERSION");
    Process run = pb.start();
    String out = new String(run.getInputStream().readAllBytes());
    assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(run.exitValue()).as(out).isZero();
    String image = ChartValues.image();
    assertThat(Files.readAllLines(calls)).containsExactly(
        "build --build-arg VERSION=" + image.substring(image.lastIndexOf(':') + 1) + " -f "
            + ProjectFiles.DOCKER.resolve("Dockerfile") + " -t " + image + " " + dist,
        "push " + image);
  }

  @Test
  void buildScriptIsExecutableAndValidBash() throws Exception {
    assertThat(Files.isExecutable(BUILD)).isTrue();
    Process check = new ProcessBuilder("bash", "-n", BUILD.toString()).redirectErrorStream(true).start();
    assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(check.exitValue()).as(new String(check.getInputStream().readAllBytes())).isZero();
  }

  private static String defaultOf(String script, String variable) {
    Matcher m = Pattern.compile(variable + "=\"\\$\\{" + variable + ":-([^}]+)}\"").matcher(script);
    assertThat(m.find()).as(variable + " default in build.sh").isTrue();
    return m.group(1);
  }

  private static Path executable(Path file, String content) throws IOException {
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }
}

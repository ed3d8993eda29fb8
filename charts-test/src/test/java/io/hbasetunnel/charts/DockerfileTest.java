package io.hbasetunnel.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hbasetunnel.charts.Dockerfiles.Instruction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Structure of every docker/Dockerfile*: JRE 17 base, non-root, the distribution's launcher, no secrets. */
class DockerfileTest {
  private static final Pattern SECRET_WORD = Pattern.compile("(?i)pass(word|wd)?|secret|token|credential|api[_-]?key|keytab");

  @Test
  void thereIsAnImage() {
    assertThat(Dockerfiles.all()).isNotEmpty();
  }

  @Test
  void builtOnJre17() {
    each((file, in) -> assertThat(Dockerfiles.arguments(in, "FROM")).as(file).isNotEmpty()
        .allSatisfy(from -> assertThat(from.split("\\s+")[0]).isEqualTo("eclipse-temurin:17-jre")));
  }

  @Test
  void runsAsANumericNonRootUser() {
    each((file, in) -> {
      List<String> users = Dockerfiles.arguments(in, "USER");
      assertThat(users).as(file + ": USER").isNotEmpty();
      String uid = users.get(users.size() - 1).split(":")[0];
      // numeric, so the kubelet can enforce runAsNonRoot; and the same uid as the chart's runAsUser
      assertThat(uid).matches("[0-9]+").isNotEqualTo("0");
      // the chart runs the same uid: it must have a passwd entry (Hadoop's login takes the OS user name)
      var pod = Pods.spec(RenderedChart.withDefaults().one(io.fabric8.kubernetes.api.model.apps.Deployment.class,
          RenderedChart.name("operator")));
      assertThat(pod.getSecurityContext().getRunAsUser()).hasToString(uid);
      assertThat(Dockerfiles.arguments(in, "RUN")).anySatisfy(r -> assertThat(r).contains("useradd").contains("--uid " + uid));
      // nothing runs after the switch back to root
      assertThat(in.get(in.size() - 1).keyword()).isNotEqualTo("USER");
    });
  }

  @Test
  void entrypointIsTheDistributionLauncher() {
    each((file, in) -> {
      List<String> entrypoint = execForm(Dockerfiles.arguments(in, "ENTRYPOINT"));
      String home = copyDestination(in);
      assertThat(entrypoint).as(file).containsExactly(home + "/bin/hbase-tunnel");
      // the chart starts workers through the same launcher
      assertThat(ChartValues.workerCommand()).startsWith(entrypoint.get(0) + " worker");
    });
  }

  @Test
  void noSecretsInEnvArgsOrCopiedFiles() {
    each((file, in) -> {
      for (Instruction i : in) {
        if (List.of("ENV", "ARG").contains(i.keyword())) {
          assertThat(i.arguments()).as(file + ": " + i).doesNotContainPattern(SECRET_WORD);
        }
        if (List.of("COPY", "ADD").contains(i.keyword())) {
          assertThat(i.arguments()).as(file + ": " + i).doesNotContainPattern(SECRET_WORD).doesNotContain("http://", "https://");
        }
      }
      assertThat(Dockerfiles.arguments(in, "RUN")).as(file).noneMatch(r -> r.contains("--mount=type=secret"));
    });
  }

  @Test
  void copiesTheDistributionFromItsOwnContext() {
    // the build context is the distribution directory (build.sh), so `COPY .` takes bin/ and lib/ and nothing else
    each((file, in) -> assertThat(Dockerfiles.arguments(in, "COPY")).as(file)
        .anySatisfy(c -> assertThat(c).matches("(--chown=\\S+ )?\\. /opt/hbase-tunnel/?")));
  }

  @Test
  void parserJoinsContinuationsAndSkipsComments() {
    List<Instruction> in = Dockerfiles.parse("# c\nFROM a\nRUN x \\\n  && y\n\nUSER 1\n");
    assertThat(in).containsExactly(new Instruction("FROM", "a"), new Instruction("RUN", "x && y"), new Instruction("USER", "1"));
  }

  private static String copyDestination(List<Instruction> in) {
    String copy = Dockerfiles.arguments(in, "COPY").get(0);
    String[] words = copy.split("\\s+");
    return words[words.length - 1].replaceAll("/$", "");
  }

  private static List<String> execForm(List<String> entrypoints) throws Exception {
    assertThat(entrypoints).hasSize(1);
    // exec form: signals reach the JVM (the launcher execs java), no shell in between
    assertThat(entrypoints.get(0)).startsWith("[");
    return new ObjectMapper().readValue(entrypoints.get(0), new TypeReference<List<String>>() {});
  }

  private interface Check {
    void accept(String file, List<Instruction> instructions) throws Exception;
  }

  private static void each(Check check) {
    for (Path file : Dockerfiles.all()) {
      try {
        check.accept(file.getFileName().toString(), Dockerfiles.parse(Files.readString(file)));
      } catch (Exception e) {
        throw new AssertionError(file + ": " + e, e);
      }
    }
  }

}

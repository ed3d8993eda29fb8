package io.hbasetunnel.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The production lib/ (bin/hbase-tunnel worker|operator|gateway, and the image built from it) holds
 * what those three run and nothing of the tests or the quickstart: no JUnit, no HBase/Hadoop
 * minicluster, no Kubernetes mock server, no *-tests.jar; and every class is in one jar only, so no
 * version is chosen by the order of the classpath. Runs after the assembly, in the package phase.
 */
class ProductionLibTest {
  /** Jar names that only tests and the quickstart need. */
  private static final Pattern BANNED_NAME = Pattern.compile(String.join("|",
      ".*-tests\\.jar", ".*-test-sources\\.jar",
      "junit-.*", "opentest4j-.*", "apiguardian-api-.*", "hamcrest.*", "mockito.*", "assertj.*", "awaitility.*",
      "hadoop-minicluster-.*", "hadoop-minikdc-.*", "hadoop-yarn-server-tests-.*", "hbase-testing-util-.*",
      "kubernetes-server-mock-.*", "kubernetes-junit-jupiter-.*", "mockwebserver-.*",
      "hbase-tunnel-hbase-testing-.*", "hbase-tunnel-local-.*"));

  /** Classes that give such a jar away under any name (a renamed or repackaged copy). */
  private static final List<String> BANNED_CLASSES = List.of(
      "org/junit/Test.class",
      "org/junit/jupiter/api/Test.class",
      "org/apache/hadoop/hbase/HBaseTestingUtility.class",
      "org/apache/hadoop/hbase/MiniHBaseCluster.class",
      "org/apache/hadoop/hdfs/MiniDFSCluster.class",
      "org/apache/hadoop/minikdc/MiniKdc.class",
      "io/fabric8/kubernetes/client/server/mock/KubernetesMockServer.class",
      "io/fabric8/mockwebserver/DefaultMockServer.class",
      "okhttp3/mockwebserver/MockWebServer.class",
      "io/hbasetunnel/testing/TwoHBaseClusters.class",
      "io/hbasetunnel/local/Quickstart.class");

  /** The three parts' main classes, started by bin/hbase-tunnel. */
  private static final List<String> MAINS = List.of(
      "io/hbasetunnel/worker/WorkerMain.class",
      "io/hbasetunnel/operator/OperatorMain.class",
      "io/hbasetunnel/gateway/GatewayMain.class");

  /** Jetty's own jars (not jetty-jakarta-servlet-api, versioned apart): name, version. */
  private static final Pattern JETTY = Pattern.compile("(?:jetty|websocket)-(?!jakarta-servlet-api).*?-(\\d+\\.\\d+\\.\\d+[^/]*)\\.jar");

  private static LibJars lib;

  @BeforeAll
  static void readLib() {
    lib = LibJars.of(Path.of(System.getProperty("distribution.lib", "target/hbase-tunnel/lib")));
    System.out.printf("%s: %d jars, %.1f MB%n", lib, lib.names().size(), lib.bytes() / 1e6);
  }

  @Test
  void holdsTheThreeMainClasses() {
    MAINS.forEach(main -> assertThat(lib.holding(main)).as(main).hasSize(1));
  }

  @Test
  void noTestQuickstartOrMockServerJar() {
    List<String> banned = lib.names().stream().filter(n -> BANNED_NAME.matcher(Path.of(n).getFileName().toString()).matches())
        .toList();
    assertThat(banned).as("test, minicluster, mock-server or quickstart jars in the production lib/").isEmpty();
  }

  @Test
  void noTestClassesUnderAnotherName() {
    Map<String, List<String>> found = new TreeMap<>();
    BANNED_CLASSES.forEach(c -> {
      List<String> jars = lib.holding(c);
      if (!jars.isEmpty()) {
        found.put(c, jars);
      }
    });
    assertThat(found).as("test or quickstart classes in the production lib/").isEmpty();
  }

  @Test
  void everyClassIsInOneJarOnly() {
    // two jars with the same class (two versions or two packagings of one library): the classpath order
    // would pick one; settle it in the root pom's dependencyManagement instead
    assertThat(lib.duplicateClasses()).as("jars sharing classes (jars -> number of shared classes)").isEmpty();
  }

  @Test
  void oneJettyVersion() {
    TreeSet<String> versions = new TreeSet<>();
    lib.names().forEach(n -> {
      Matcher m = JETTY.matcher(Path.of(n).getFileName().toString());
      if (m.matches()) {
        versions.add(m.group(1));
      }
    });
    // Hadoop's 9.4 beside the gateway's 11: which one a class comes from would depend on the classpath order
    assertThat(versions).as("versions of Jetty in lib/").hasSizeLessThanOrEqualTo(1);
  }

  @Test
  void oneSlf4jProvider() {
    // two providers: SLF4J takes the first on the classpath and warns; the one we want is reload4j (log4j.properties)
    assertThat(lib.holding("META-INF/services/org.slf4j.spi.SLF4JServiceProvider")).as("SLF4J providers").hasSize(1);
    assertThat(lib.holding("org/slf4j/impl/StaticLoggerBinder.class")).as("SLF4J 1.x bindings").isEmpty();
  }
}

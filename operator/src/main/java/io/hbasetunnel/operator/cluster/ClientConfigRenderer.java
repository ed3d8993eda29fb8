package io.hbasetunnel.operator.cluster;

import io.hbasetunnel.api.v1alpha1.HBaseClusterSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The client configuration of a cluster as hbase-site properties and XML: what the probe uses
 * and what worker pods mount. Keytabs stay in Secrets; the worker finds the keytab beside hbase-site.xml.
 */
public final class ClientConfigRenderer {
  /** File names in the worker's conf dir; the worker points hbase.client.keytab.file at it. */
  public static final String KEYTAB_FILE = "keytab";
  public static final String KRB5_FILE = "krb5.conf";

  private ClientConfigRenderer() {}

  public static Map<String, String> properties(HBaseClusterSpec spec) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("hbase.zookeeper.quorum", spec.getZookeeperQuorum());
    props.put("hbase.zookeeper.property.clientPort", String.valueOf(spec.getZookeeperPort() == null ? 2181 : spec.getZookeeperPort()));
    props.put("zookeeper.znode.parent", spec.getZnodeParent() == null ? "/hbase" : spec.getZnodeParent());
    if (spec.getHdfsUri() != null) {
      props.put("fs.defaultFS", spec.getHdfsUri());
    }
    if (spec.getHbaseRootDir() != null) {
      props.put("hbase.rootdir", spec.getHbaseRootDir());
    }
    if (spec.getKerberos() != null) {
      props.put("hadoop.security.authentication", "kerberos");
      props.put("hbase.security.authentication", "kerberos");
      props.put("hbase.client.keytab.principal", spec.getKerberos().getPrincipal());
    }
    if (spec.getHbaseSite() != null) {
      props.putAll(spec.getHbaseSite());
    }
    return props;
  }

  public static String hbaseSiteXml(Map<String, String> props) {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<configuration>\n");
    props.forEach((k, v) -> xml.append("  <property><name>").append(escape(k)).append("</name><value>")
        .append(escape(v)).append("</value></property>\n"));
    return xml.append("</configuration>\n").toString();
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}

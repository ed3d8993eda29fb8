package io.hbasetunnel.operator.cluster;

import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.ClusterMetrics;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;

/**
 * The real probe: an HBase client connection with few, short retries, run on its own thread
 * with a hard deadline, so a dead cluster never holds a reconcile thread.
 */
public final class HBaseClientProbe implements ClusterProbe {
  private final long timeoutMillis;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "hbase-probe");
    t.setDaemon(true);
    return t;
  });

  public HBaseClientProbe(long timeoutMillis) {
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public Result probe(Map<String, String> clientConfig) {
    Future<Result> answer = executor.submit(() -> {
      Configuration conf = HBaseConfiguration.create();
      clientConfig.forEach(conf::set);
      conf.setInt("hbase.client.retries.number", 2);
      conf.setInt("zookeeper.recovery.retry", 1);
      conf.setLong("hbase.rpc.timeout", timeoutMillis);
      try (Connection connection = ConnectionFactory.createConnection(conf); Admin admin = connection.getAdmin()) {
        String version = admin.getClusterMetrics(EnumSet.of(ClusterMetrics.Option.HBASE_VERSION)).getHBaseVersion();
        return new Result(true, version, "reachable");
      }
    });
    try {
      return answer.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      answer.cancel(true);
      return new Result(false, null, "no answer within " + timeoutMillis + " ms; check the ZooKeeper quorum and znode parent");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(false, null, "probe interrupted");
    } catch (Exception e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      return new Result(false, null, root.getClass().getSimpleName() + ": " + root.getMessage());
    }
  }
}

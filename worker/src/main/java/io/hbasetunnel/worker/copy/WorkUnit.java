package io.hbasetunnel.worker.copy;

import java.util.List;
import java.util.Map;
import org.apache.hadoop.hbase.client.RegionInfo;

/**
 * One source region of the snapshot: the unit of work, of parallelism and of checkpointing.
 *
 * @param storeFiles family name -> store file names as the snapshot manifest lists them (plain
 *     HFiles, HFileLinks or split reference files)
 */
public record WorkUnit(String id, RegionInfo region, Map<String, List<String>> storeFiles, long sizeBytes) {}

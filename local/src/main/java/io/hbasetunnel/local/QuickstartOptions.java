package io.hbasetunnel.local;

import java.nio.file.Path;
import java.util.List;

/**
 * How the quickstart runs.
 *
 * @param workerCommand how pods start the worker: {@code [.../bin/hbase-tunnel, worker]}
 * @param gatewayCommand how the gateway process starts
 * @param workerJavaOpts JAVA_OPTS of every worker process
 * @param writerRate mutations per second on the source's sample tables; 0 for none
 */
public record QuickstartOptions(Path workDir, int apiPort, int gatewayPort, boolean sampleData, int writerRate,
    List<String> workerCommand, List<String> gatewayCommand, String workerJavaOpts, String namespace) {}

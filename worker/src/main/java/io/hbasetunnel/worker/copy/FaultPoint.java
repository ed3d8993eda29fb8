package io.hbasetunnel.worker.copy;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named moments of the copy and load at which a test can make the worker die as a SIGKILL
 * would (no shutdown hooks, no cleanup): {@code -Dhbasetunnel.fault.halt=<point>:<n>} halts the
 * JVM with exit code 137 the n-th time {@code point} is reached. Unset (always, outside tests),
 * a point costs one property read at class load.
 */
enum FaultPoint {
  /** A staged file was written into the unit's temporary directory; the unit is not staged yet. */
  STAGE_FILE_WRITTEN("stage.fileWritten"),
  /** A unit is marked copied (staged); its load has not started. */
  STAGE_UNIT_DONE("stage.unitDone"),
  /** One destination region took its part of a bulk-load request; other regions may not have yet. */
  LOAD_REGION_DONE("load.regionDone"),
  /** A bulk-load request returned; its files are still in the staging directory. */
  LOAD_REQUEST_DONE("load.requestDone"),
  /** A round's files left the staging directory; the unit's next round has not started. */
  LOAD_ROUND_DONE("load.roundDone"),
  /** Every round of a unit is loaded; the unit is not marked loaded yet. */
  LOAD_UNIT_DONE("load.unitDone"),
  /** {@code worker bulkload} loaded every unit; a table created with deferred compactions has not got them back. */
  LOAD_ALL_DONE("load.allDone");

  private static final String PROPERTY = "hbasetunnel.fault.halt";
  private static final String ARMED = System.getProperty(PROPERTY, "");

  private final String id;
  private final AtomicInteger hits = new AtomicInteger();

  FaultPoint(String id) {
    this.id = id;
  }

  void reached() {
    if (ARMED.isEmpty() || !ARMED.startsWith(id + ":")) {
      return;
    }
    int n = Integer.parseInt(ARMED.substring(id.length() + 1));
    if (hits.incrementAndGet() == n) {
      System.err.println("fault point " + id + ":" + n + " reached: halting");
      System.err.flush();
      Runtime.getRuntime().halt(137);
    }
  }
}

#!/usr/bin/env bash
# Apache Cassandra for the cassandra tests, from Maven Central: cassandra-all (the version pinned
# in cassandra/pom.xml) and its runtime dependencies, copied into $CACHE/cassandra-<version>/lib,
# plus jvm.options: the JVM flags tests/servers/cassandra.py starts CassandraDaemon with.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

POM="$BUILD_DIR/cassandra/pom.xml"
VERSION="$(sed -n 's:.*<cassandra.version>\(.*\)</cassandra.version>.*:\1:p' "$POM")"
OUT="$CACHE/cassandra-$VERSION"
ID="$(build_id "$VERSION" "$SELF" "$POM")"
if is_built "$OUT" "$ID"; then
  log "cached: $OUT ($VERSION)"
  exit 0
fi

log "resolving cassandra-all $VERSION into $OUT/lib"
rm -rf "$OUT"
mkdir -p "$OUT/lib"
polite mvn -B -q -Dstyle.color=never -f "$POM" dependency:copy-dependencies \
  -DincludeScope=runtime -DoutputDirectory="$OUT/lib"

# Cassandra 5.0's conf/jvm-server.options and conf/jvm17-server.options, less what a short-lived
# test node does not want (pre-touching the heap, heap dumps), plus the exit on running out of
# memory that cassandra-env.sh adds; the heap size is the provider's.
cat >"$OUT/jvm.options" <<'OPTIONS'
-ea
-da:net.openhft...
-XX:+UseThreadPriorities
-XX:+ExitOnOutOfMemoryError
-Xss256k
-XX:+UseTLAB
-XX:+ResizeTLAB
-XX:+PerfDisableSharedMem
-Djava.net.preferIPv4Stack=true
-XX:+UseG1GC
-XX:+ParallelRefProcEnabled
-XX:MaxTenuringThreshold=1
-XX:G1HeapRegionSize=16m
-XX:G1RSetUpdatingPauseTimePercent=5
-XX:MaxGCPauseMillis=300
-XX:InitiatingHeapOccupancyPercent=70
-Djdk.attach.allowAttachSelf=true
--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED
--add-exports=java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED
--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
--add-exports=java.rmi/sun.rmi.server=ALL-UNNAMED
--add-exports=java.sql/java.sql=ALL-UNNAMED
--add-exports=java.base/java.lang.ref=ALL-UNNAMED
--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED
--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED
--add-exports=jdk.attach/sun.tools.attach=ALL-UNNAMED
--add-opens=java.base/java.lang.module=ALL-UNNAMED
--add-opens=java.base/jdk.internal.loader=ALL-UNNAMED
--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
--add-opens=java.base/jdk.internal.reflect=ALL-UNNAMED
--add-opens=java.base/jdk.internal.math=ALL-UNNAMED
--add-opens=java.base/jdk.internal.module=ALL-UNNAMED
--add-opens=java.base/jdk.internal.util.jar=ALL-UNNAMED
--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED
--add-opens=java.base/sun.nio.ch=ALL-UNNAMED
--add-opens=java.base/java.io=ALL-UNNAMED
--add-opens=java.base/java.lang.reflect=ALL-UNNAMED
--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED
--add-opens=java.base/java.lang=ALL-UNNAMED
--add-opens=java.base/java.util=ALL-UNNAMED
-Dio.netty.tryReflectionSetAccessible=true
-Dio.netty.allocator.useCacheForAllThreads=true
-Dio.netty.allocator.maxOrder=11
OPTIONS
mark_built "$OUT" "$ID"
log "resolved: $(ls "$OUT/lib" | wc -l) jars in $OUT/lib"

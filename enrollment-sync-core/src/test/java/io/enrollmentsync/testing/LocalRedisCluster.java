package io.enrollmentsync.testing;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisMovedDataException;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A Redis Cluster of a test's own: three primaries without replicas, each a {@link
 * LocalRedisServer} in cluster mode, joined with {@code CLUSTER MEET} and given a third of the
 * 16384 slots each, in order. Needs {@code redis-server} 7.0 or later on the {@code PATH}
 * ({@code CLUSTER ADDSLOTSRANGE}, {@code --cluster-port}); no {@code redis-cli}.
 */
public final class LocalRedisCluster implements AutoCloseable {
  private static final int SLOTS = 16384;
  private static final int NODES = 3;
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

  private final List<LocalRedisServer> servers = new ArrayList<>();
  private final List<Integer> busPorts = new ArrayList<>();

  private LocalRedisCluster() {}

  /**
   * Starts the nodes, joins them and waits until every node reports {@code cluster_state:ok}.
   *
   * @return the running cluster
   * @throws IOException when {@code redis-server} cannot be started
   */
  public static LocalRedisCluster start() throws IOException {
    LocalRedisCluster cluster = new LocalRedisCluster();
    try {
      cluster.launch();
      return cluster;
    } catch (IOException | RuntimeException e) {
      cluster.closeQuietly(e);
      throw e;
    }
  }

  /**
   * Opens a new cluster client that knows every node; the caller closes it.
   *
   * @return the client
   */
  public JedisCluster connect() {
    return new JedisCluster(nodes(), DefaultJedisClientConfig.builder().build());
  }

  /**
   * Returns the addresses of the nodes, in slot order: the first serves the lowest slots.
   *
   * @return the addresses
   */
  public Set<HostAndPort> nodes() {
    Set<HostAndPort> nodes = new LinkedHashSet<>();
    servers.forEach(s -> nodes.add(node(s)));
    return nodes;
  }

  /**
   * Returns a unique test prefix whose hash tag falls in the slots given to one node.
   *
   * @param index the node, from 0 to 2 in slot order
   * @return a prefix such as {@code t3f9a1c2b0}
   */
  public static String prefixOnNode(int index) {
    while (true) {
      String prefix = TestServices.uniquePrefix();
      if (JedisClusterCRC16.getSlot("{" + prefix + "}") / slotsPerNode() == index) {
        return prefix;
      }
    }
  }

  /**
   * Asks every node directly which one serves a key: the others answer {@code MOVED}.
   *
   * @param key the key
   * @return the address of the node that serves it
   */
  public HostAndPort owner(String key) {
    for (HostAndPort node : nodes()) {
      try (Jedis jedis = new Jedis(node)) {
        jedis.exists(key);
        return node;
      } catch (JedisMovedDataException e) {
        // Served by another node.
      }
    }
    throw new IllegalStateException("no node of " + nodes() + " serves " + key);
  }

  /**
   * Kills one node with SIGKILL, as a crash would; its slots stay unserved, as there is no replica.
   *
   * @param node the address of the node
   * @throws InterruptedException when interrupted while waiting for the process to end
   */
  public void kill(HostAndPort node) throws InterruptedException {
    for (LocalRedisServer server : servers) {
      if (node.equals(node(server))) {
        server.kill();
        return;
      }
    }
    throw new IllegalArgumentException(node + " is not a node of " + nodes());
  }

  @Override
  public void close() throws Exception {
    Exception first = null;
    for (LocalRedisServer server : servers) {
      try {
        server.close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private void launch() throws IOException {
    for (int i = 0; i < NODES; i++) {
      // The bus port is chosen too: the default (port + 10000) may pass 65535 or be taken.
      int busPort = LocalRedisServer.freePort();
      busPorts.add(busPort);
      servers.add(LocalRedisServer.start("--cluster-enabled", "yes",
          "--cluster-config-file", "nodes.conf", "--cluster-port", Integer.toString(busPort),
          "--appendonly", "no"));
    }
    joinAndAssignSlots();
    awaitReady();
  }

  private void joinAndAssignSlots() {
    for (int i = 0; i < NODES; i++) {
      try (Jedis jedis = new Jedis(node(servers.get(i)))) {
        if (i > 0) {
          // The bus port is not port + 10000 here, so MEET must name it.
          jedis.sendCommand(Protocol.Command.CLUSTER, "MEET", "127.0.0.1",
              Integer.toString(servers.get(0).port()), Integer.toString(busPorts.get(0)));
        }
        int last = i == NODES - 1 ? SLOTS - 1 : (i + 1) * slotsPerNode() - 1;
        jedis.clusterAddSlotsRange(i * slotsPerNode(), last);
      }
    }
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (!ready()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Redis Cluster on " + nodes() + " did not reach"
            + " cluster_state:ok with " + NODES + " known nodes within " + READY_TIMEOUT
            + "; see redis.log in each node's temporary directory");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the cluster formed", e);
      }
    }
  }

  /** Every node sees every slot served and knows every other node. */
  private boolean ready() {
    for (LocalRedisServer server : servers) {
      try (Jedis jedis = new Jedis(node(server))) {
        String info = jedis.clusterInfo();
        if (!info.contains("cluster_state:ok")
            || !info.contains("cluster_known_nodes:" + NODES)) {
          return false;
        }
      }
    }
    return true;
  }

  private void closeQuietly(Exception failure) {
    try {
      close();
    } catch (Exception e) {
      failure.addSuppressed(e);
    }
  }

  private static HostAndPort node(LocalRedisServer server) {
    return new HostAndPort("127.0.0.1", server.port());
  }

  private static int slotsPerNode() {
    return SLOTS / NODES + 1;
  }
}

package io.fiso.devstack.kafka;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Picks free local ports and checks requested ones, so a taken port fails with its number. */
final class Ports {

  private Ports() {}

  /**
   * Returns {@code requested} after checking it can be bound on 127.0.0.1, or a free port when it
   * is 0 (different from every port in {@code taken}).
   */
  static int resolve(String name, int requested, int... taken) {
    if (requested != 0) {
      if (!isFree(requested)) {
        throw new EmbeddedKafkaException(
            "Cannot start the embedded Kafka broker: "
                + name
                + " "
                + requested
                + " on "
                + BrokerSettings.HOST
                + " is already in use. Stop what listens there (e.g. `ss -ltnp | grep :"
                + requested
                + "`) or choose another port (0 = any free port).");
      }
      return requested;
    }
    for (int i = 0; i < 20; i++) {
      int candidate = freePort();
      boolean clash = false;
      for (int t : taken) {
        clash |= t == candidate;
      }
      if (!clash) {
        return candidate;
      }
    }
    throw new EmbeddedKafkaException("Could not find a free local port for " + name);
  }

  static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(BrokerSettings.HOST), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(BrokerSettings.HOST), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new EmbeddedKafkaException("Could not find a free local port: " + e.getMessage(), e);
    }
  }
}

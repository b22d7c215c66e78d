package dev.switchboard.hub;

import java.util.ArrayList;
import java.util.List;

/** A {@link HubListener} that records connected/disconnected events. Thread-safe. */
public class RecordingListener implements HubListener {
  private final List<String> events = new ArrayList<>();

  @Override
  public synchronized void onConnected(Connection connection) {
    events.add("connected " + connection.id());
  }

  @Override
  public synchronized void onDisconnected(Connection connection, String reason) {
    events.add("disconnected " + connection.id() + " " + reason);
  }

  public synchronized List<String> events() {
    return List.copyOf(events);
  }
}

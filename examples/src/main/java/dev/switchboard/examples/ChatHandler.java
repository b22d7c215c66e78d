package dev.switchboard.examples;

import dev.switchboard.websocket.HandlerEvent;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.WebSocketHandler;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Dirigible-style handler that a {@code *.websocket} descriptor names by class: everyone
 * connected to its endpoint gets every message. Thread-safe (one instance serves all sessions).
 */
public class ChatHandler implements WebSocketHandler {

  private final Set<Session> members = ConcurrentHashMap.newKeySet();

  @Override
  public void onOpen(HandlerEvent event) {
    members.add(event.session());
  }

  @Override
  public void onMessage(HandlerEvent event) {
    for (Session s : members) {
      s.sendText(event.message());
    }
  }

  @Override
  public void onClose(HandlerEvent event) {
    members.remove(event.session());
  }
}

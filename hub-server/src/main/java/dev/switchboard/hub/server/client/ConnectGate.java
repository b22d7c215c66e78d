package dev.switchboard.hub.server.client;

import dev.switchboard.websocket.UpgradeRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Decides on a client whose token (or anonymous policy) let it in: the upstream {@code connect}
 * event (spec §4.4) when the hub has a handler for it, else accept as the token says.
 * Implementations must be thread-safe and must not block.
 */
@FunctionalInterface
public interface ConnectGate {

  /** Accepts every admitted client as is. */
  ConnectGate TOKEN_ONLY = (admission, request, claims) -> CompletableFuture.completedFuture(Decision.accept(admission));

  CompletionStage<Decision> decide(Admission admission, UpgradeRequest request, Map<String, List<String>> claims);

  /**
   * The decision: accept with {@code admission} (possibly changed by the handler), or reject the
   * handshake with {@code status} and {@code reason}.
   */
  public record Decision(Admission admission, int status, String reason) {
    static Decision accept(Admission admission) {
      return new Decision(admission, 0, null);
    }

    static Decision reject(int status, String reason) {
      return new Decision(null, status, reason);
    }

    boolean isAccepted() {
      return admission != null;
    }
  }
}

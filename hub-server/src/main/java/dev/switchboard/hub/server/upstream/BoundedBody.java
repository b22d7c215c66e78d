package dev.switchboard.hub.server.upstream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/** Reads a response body into memory up to a limit; a longer body cancels the exchange. Not thread-safe (one per response). */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

  /** The body is longer than allowed. */
  static final class TooLarge extends IOException {
    TooLarge(String message) {
      super(message);
    }
  }

  static HttpResponse.BodyHandler<byte[]> handler(int maxBytes) {
    return info -> new BoundedBody(maxBytes);
  }

  private final int maxBytes;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private Flow.Subscription subscription;

  private BoundedBody(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    s.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer b : items) {
      if ((long) buffer.size() + b.remaining() > maxBytes) {
        subscription.cancel();
        result.completeExceptionally(new TooLarge("the handler's answer is longer than maxResponseBytes " + maxBytes));
        return;
      }
      byte[] chunk = new byte[b.remaining()];
      b.get(chunk);
      buffer.writeBytes(chunk);
    }
  }

  @Override
  public void onError(Throwable t) {
    result.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    result.complete(buffer.toByteArray());
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }
}

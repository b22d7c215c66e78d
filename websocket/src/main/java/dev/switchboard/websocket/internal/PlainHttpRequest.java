package dev.switchboard.websocket.internal;

import dev.switchboard.websocket.HttpRequest;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** A copy of a plain HTTP request for an {@code HttpService}; outlives the Netty buffers. Immutable. */
final class PlainHttpRequest extends CopiedRequest implements HttpRequest {

  private final String method;
  private final String target;
  private final String rawPath;
  private final String path;
  private final byte[] body;

  PlainHttpRequest(FullHttpRequest request, QueryStringDecoder qs, ChannelHandlerContext ctx, boolean secure) {
    super(request, qs, ctx, secure);
    this.method = request.method().name();
    this.target = request.uri();
    this.rawPath = qs.rawPath();
    this.path = qs.path();
    this.body = ByteBufUtil.getBytes(request.content());
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public String target() {
    return target;
  }

  @Override
  public String rawPath() {
    return rawPath;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public List<String> queryParams(String name) {
    List<String> v = params.get(name);
    return v == null ? List.of() : Collections.unmodifiableList(v);
  }

  @Override
  public Map<String, List<String>> queryParams() {
    return params;
  }

  @Override
  public byte[] body() {
    return body;
  }

  @Override
  public String absoluteUrl() {
    String host = headers.get(HttpHeaderNames.HOST);
    if (host == null || host.isBlank()) {
      String a = local.getAddress().getHostAddress();
      host = (a.indexOf(':') >= 0 ? "[" + a + "]" : a) + ":" + local.getPort();
    }
    String t = target.startsWith("/") ? target : "/" + target;
    return (secure ? "https://" : "http://") + host.trim() + t;
  }

  @Override
  public String toString() {
    return "HttpRequest[" + method + " " + target + " from " + remote + ", " + body.length + " B]";
  }
}

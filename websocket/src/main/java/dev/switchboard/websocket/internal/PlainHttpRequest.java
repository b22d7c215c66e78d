package dev.switchboard.websocket.internal;

import dev.switchboard.websocket.HttpRequest;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** A copy of a plain HTTP request for an {@code HttpService}; outlives the Netty buffers. Immutable. */
final class PlainHttpRequest implements HttpRequest {

  private final String method;
  private final String target;
  private final String rawPath;
  private final String path;
  private final Map<String, List<String>> params;
  private final HttpHeaders headers;
  private final byte[] body;
  private final InetSocketAddress remote;
  private final InetSocketAddress local;
  private final boolean secure;

  PlainHttpRequest(FullHttpRequest request, QueryStringDecoder qs, ChannelHandlerContext ctx, boolean secure) {
    this.method = request.method().name();
    this.target = request.uri();
    this.rawPath = qs.rawPath();
    this.path = qs.path();
    this.params = Collections.unmodifiableMap(qs.parameters());
    this.headers = request.headers().copy();
    this.body = ByteBufUtil.getBytes(request.content());
    this.remote = (InetSocketAddress) ctx.channel().remoteAddress();
    this.local = (InetSocketAddress) ctx.channel().localAddress();
    this.secure = secure;
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
  public String queryParam(String name) {
    List<String> v = params.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
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
  public String header(String name) {
    return headers.get(name);
  }

  @Override
  public List<String> headers(String name) {
    return headers.getAll(name);
  }

  @Override
  public List<String> headerNames() {
    java.util.LinkedHashMap<String, String> names = new java.util.LinkedHashMap<>();
    for (java.util.Map.Entry<String, String> e : headers) {
      names.putIfAbsent(e.getKey().toLowerCase(java.util.Locale.ROOT), e.getKey());
    }
    return List.copyOf(names.values());
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
  public InetSocketAddress remoteAddress() {
    return remote;
  }

  @Override
  public InetSocketAddress localAddress() {
    return local;
  }

  @Override
  public boolean isSecure() {
    return secure;
  }

  @Override
  public String toString() {
    return "HttpRequest[" + method + " " + target + " from " + remote + ", " + body.length + " B]";
  }
}

package dev.switchboard.websocket.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link PlainHttpRequest} and the upgrade handler's request share: a copy of the headers, the
 * decoded query and the addresses, so they outlive Netty's buffers, and their accessors. Immutable.
 */
abstract class CopiedRequest {

  final Map<String, List<String>> params;
  final HttpHeaders headers;
  final InetSocketAddress remote;
  final InetSocketAddress local;
  final boolean secure;

  CopiedRequest(FullHttpRequest request, QueryStringDecoder qs, ChannelHandlerContext ctx, boolean secure) {
    this.params = Collections.unmodifiableMap(qs.parameters());
    this.headers = request.headers().copy();
    this.remote = (InetSocketAddress) ctx.channel().remoteAddress();
    this.local = (InetSocketAddress) ctx.channel().localAddress();
    this.secure = secure;
  }

  public String queryParam(String name) {
    List<String> v = params.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  public String header(String name) {
    return headers.get(name);
  }

  public List<String> headers(String name) {
    return headers.getAll(name);
  }

  public List<String> headerNames() {
    LinkedHashMap<String, String> names = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : headers) {
      names.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getKey());
    }
    return List.copyOf(names.values());
  }

  public InetSocketAddress remoteAddress() {
    return remote;
  }

  public InetSocketAddress localAddress() {
    return local;
  }

  public boolean isSecure() {
    return secure;
  }
}

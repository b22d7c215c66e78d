package dev.switchboard.endpoints.internal;

import dev.switchboard.websocket.WebSocketHandler;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.Map;

/**
 * Turns a descriptor's {@code "handler"} into a handler: a name registered in code first, else a
 * class on the class path with a public no-argument constructor. Thread-safe.
 */
public final class HandlerResolver {

  private final Map<String, WebSocketHandler> registered;
  private final ClassLoader loader;

  public HandlerResolver(Map<String, WebSocketHandler> registered, ClassLoader loader) {
    this.registered = Map.copyOf(registered);
    this.loader = loader;
  }

  /** The outcome: a handler, or the reason there is none. */
  public record Resolution(WebSocketHandler handler, String error) {}

  public Resolution resolve(String name) {
    WebSocketHandler h = registered.get(name);
    if (h != null) {
      return new Resolution(h, null);
    }
    Class<?> c;
    try {
      c = Class.forName(name, false, loader);
    } catch (ClassNotFoundException | LinkageError | IllegalArgumentException e) {
      return fail("handler '" + name + "' is neither registered in code nor a class on the class path"
          + (registered.isEmpty() ? "" : " (registered: " + String.join(", ", new java.util.TreeSet<>(registered.keySet())) + ")"));
    }
    if (!WebSocketHandler.class.isAssignableFrom(c)) {
      return fail("class " + name + " does not implement " + WebSocketHandler.class.getName());
    }
    if (c.isInterface() || Modifier.isAbstract(c.getModifiers())) {
      return fail("class " + name + " is abstract: name a concrete class");
    }
    if (!Modifier.isPublic(c.getModifiers())) {
      return fail("class " + name + " is not public");
    }
    Constructor<?> ctor;
    try {
      ctor = c.getConstructor();
    } catch (NoSuchMethodException e) {
      return fail("class " + name + " has no public no-argument constructor");
    }
    try {
      return new Resolution((WebSocketHandler) ctor.newInstance(), null);
    } catch (InvocationTargetException e) {
      return fail("constructing " + name + " failed: " + e.getCause());
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return fail("cannot construct " + name + ": " + e);
    }
  }

  private static Resolution fail(String error) {
    return new Resolution(null, error);
  }
}

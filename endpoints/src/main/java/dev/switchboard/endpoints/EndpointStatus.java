package dev.switchboard.endpoints;

import java.nio.file.Path;
import java.util.List;

/**
 * One descriptor file as the server sees it now: what it declares, whether it is served, what is
 * wrong with it, and how many sessions it has. Immutable and thread-safe (a snapshot).
 *
 * @param endpoint the endpoint name, or null when the file does not say (bad JSON, missing field)
 * @param path where it is served, {@code /websockets/v4/service/{endpoint}}, or null
 * @param handler the handler as the file names it (a registered name or a class name), or null
 * @param description the description, or the empty string
 * @param source the descriptor file, relative to the directory
 * @param active whether the endpoint is being served; false when {@code errors} is not empty
 * @param errors what is wrong with the file, each a sentence saying what to change; empty when active
 * @param sessions open sessions on this endpoint
 */
public record EndpointStatus(
    String endpoint, String path, String handler, String description, Path source, boolean active,
    List<String> errors, int sessions) {

  public EndpointStatus {
    description = description == null ? "" : description;
    errors = List.copyOf(errors);
  }

  @Override
  public String toString() {
    return source + ": " + (active ? "serving " + path + " with " + handler + " (" + sessions + " sessions)"
        : "not served: " + String.join("; ", errors));
  }
}

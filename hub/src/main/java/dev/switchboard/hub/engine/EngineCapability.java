package dev.switchboard.hub.engine;

/**
 * Optional abilities of an {@link Engine}. The hub checks at start-up that the engine declares
 * every capability its options require ({@code HubService.Builder.require}) and refuses to start
 * otherwise, naming the missing ones.
 */
public enum EngineCapability {
  /** Exists checks through {@link Presence}. */
  PRESENCE,
  /** Paged group member listings ({@link Presence#groupMembers}). */
  GROUP_MEMBER_LISTING,
  /** Publications and commands reach other nodes: several hub servers may share the engine. */
  CLUSTER
}

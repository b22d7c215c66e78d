package dev.switchboard.hub.engine;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.hub.HubService;
import java.util.EnumSet;
import java.util.Set;

/** The in-memory engine passes the engine contract. */
class InMemoryEngineTest extends EngineContractTest {
  @Override
  protected Engine newEngine() {
    return new InMemoryEngine();
  }

  @org.junit.jupiter.api.Test
  void aHubServiceRefusesAnEngineLackingARequiredCapability() {
    Engine e = new InMemoryEngine();
    assertThatThrownBy(() -> HubService.builder().engine(e)
        .require(EnumSet.of(EngineCapability.CLUSTER)).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("[CLUSTER]");
    Engine lacking = new Engine() {
      @Override public Broker broker() { return e.broker(); }
      @Override public Presence presence() { return e.presence(); }
      @Override public ControlBus controlBus() { return e.controlBus(); }
      @Override public Set<EngineCapability> capabilities() {
        return EnumSet.of(EngineCapability.PRESENCE);
      }
      @Override public void close() {}
    };
    assertThatThrownBy(() -> HubService.builder().engine(lacking).build())
        .hasMessageContaining("GROUP_MEMBER_LISTING");
  }
}

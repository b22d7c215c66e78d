package dev.switchboard.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Runs after the Autobahn TestSuite plugin has tested {@code switchboard echo}: every case must
 * be OK unless {@code autobahn/expected-server.json} lists it, with a justification.
 */
class AutobahnResultsIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyAutobahnCaseIsOkOrAJustifiedException() throws Exception {
    File reports = new File(System.getProperty("autobahn.reports", "target/autobahntestsuite-reports"));
    File index = new File(reports, "index.json");
    assertThat(index).as("the Autobahn plugin's results (did it run?)").exists();
    JsonNode expected = JSON.readTree(new File(System.getProperty("autobahn.expected", "autobahn/expected-server.json")));
    JsonNode exceptions = expected.path("exceptions");
    for (Iterator<Map.Entry<String, JsonNode>> it = exceptions.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      assertThat(e.getValue().path("why").asText()).as("justification of " + e.getKey()).hasSizeGreaterThan(20);
    }

    JsonNode agents = JSON.readTree(index);
    assertThat(agents.size()).as("agents in " + index).isEqualTo(1);
    JsonNode cases = agents.elements().next();
    List<String> problems = new ArrayList<>();
    Set<String> groups = new TreeSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = cases.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> c = it.next();
      String id = c.getKey();
      groups.add(id.substring(0, id.indexOf('.')));
      String behavior = c.getValue().path("behavior").asText();
      String close = c.getValue().path("behaviorClose").asText();
      String want = exceptions.has(id) ? exceptions.path(id).path("behavior").asText() : "OK";
      if (!behavior.equals(want)) {
        problems.add(id + ": " + behavior + " (expected " + want + "), see " + c.getValue().path("reportfile").asText());
      }
      if (!close.equals("OK") && !close.equals("INFORMATIONAL")) {
        problems.add(id + ": closing behavior " + close);
      }
    }
    assertThat(problems).as("cases whose result differs from autobahn/expected-server.json").isEmpty();
    Set<String> wanted = new TreeSet<>();
    for (String pattern : System.getProperty("autobahn.cases", "1.*").split(",")) {
      wanted.add(pattern.trim().replace(".*", ""));
    }
    assertThat(groups).as("groups run").containsAll(wanted);
    assertThat(cases.size()).as("cases run").isGreaterThan(250);
  }
}

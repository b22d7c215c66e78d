package dev.switchboard.examples.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** docs/client.md's "Coming from ws" shows code that is exactly in the tested examples, and names each one. */
class ClientDocsTest {

  private static final Path SOURCES = Path.of("src", "main", "java", "dev", "switchboard", "examples", "ws");

  private static String section() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "client.md"));
    int start = doc.indexOf("\n## Coming from ws");
    assertThat(start).as("docs/client.md has a section 'Coming from ws'").isPositive();
    int end = doc.indexOf("\n## ", start + 1);
    return end < 0 ? doc.substring(start) : doc.substring(start, end);
  }

  @Test
  void everyJavaBlockIsCopiedFromAnExample() throws IOException {
    List<String> sources = new ArrayList<>();
    try (Stream<Path> files = Files.list(SOURCES)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        sources.add(normalize(Files.readString(p)));
      }
    }
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(section());
    int blocks = 0;
    while (m.find()) {
      String block = normalize(m.group(1));
      assertThat(sources).as("an example containing:%n%s", block).anySatisfy(s -> assertThat(s).contains(block));
      blocks++;
    }
    assertThat(blocks).isGreaterThanOrEqualTo(7);
  }

  @Test
  void theTableNamesEveryExampleAndEveryExampleExists() throws IOException {
    String section = section();
    try (Stream<Path> files = Files.list(SOURCES)) {
      files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".java") && !n.equals("package-info.java"))
          .forEach(n -> assertThat(section).contains("`" + n.replace(".java", "") + "`"));
    }
    Matcher named = Pattern.compile("(?m)^\\|[^|\\n]*\\| `(\\w+)`").matcher(section);
    while (named.find()) {
      assertThat(SOURCES.resolve(named.group(1) + ".java")).exists();
    }
  }

  /** Each line trimmed, blank lines dropped: indentation differs between docs and source. */
  private static String normalize(String code) {
    StringBuilder sb = new StringBuilder();
    for (String line : code.split("\\R")) {
      if (!line.isBlank()) {
        sb.append(line.strip()).append('\n');
      }
    }
    return sb.toString();
  }
}

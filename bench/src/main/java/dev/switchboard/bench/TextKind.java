package dev.switchboard.bench;

/** The kinds of text the UTF-8 benchmarks validate (a JMH parameter, hence public). */
public enum TextKind {
  /** JSON-like ASCII: the common case, where a validator can skip words at a time. */
  ASCII,
  /** Greek (2-byte), CJK (3-byte), emoji (4-byte) sequences and some ASCII, interleaved. */
  MIXED
}

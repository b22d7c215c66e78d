package dev.switchboard.conformance;

import java.util.ArrayList;
import java.util.List;

/** Every client-side case, group by group in Autobahn's order. */
final class CaseTable {

  private CaseTable() {}

  static List<FuzzCase> all() {
    List<FuzzCase> all = new ArrayList<>();
    all.addAll(EchoAndPingCases.cases());
    all.addAll(ReservedBitsCases.cases());
    all.addAll(FragmentationCases.cases());
    all.addAll(Utf8Cases.cases());
    all.addAll(CloseCases.cases());
    all.addAll(LargeMessageCases.cases());
    return List.copyOf(all);
  }
}

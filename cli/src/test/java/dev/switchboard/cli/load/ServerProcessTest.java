package dev.switchboard.cli.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading /proc and jcmd output, from fixtures. */
class ServerProcessTest {

  // proc(5): pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
  static final String STAT = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 12345 0 3 0 1500 250 0 0 20 0 31 0 "
      + "1000 9000000 50000 18446744073709551615 1 1 0 0 0 0 0 4096 17663 0 0 0 17 1 0 0 0 0 0\n";

  static final String STATUS = "Name:\tjava\nUmask:\t0022\nState:\tS (sleeping)\nVmPeak:\t 9000000 kB\n"
      + "VmHWM:\t  300000 kB\nVmRSS:\t  123456 kB\nRssAnon:\t  100000 kB\n";

  static final String G1 = "4242:\n garbage-first heap   total 1048576K, used 23456K [0x00000000c0000000, 0x0000000100000000)\n"
      + "  region size 1024K, 3 young (3072K), 0 survivors (0K)\n"
      + " Metaspace       used 12000K, committed 12288K, reserved 1114112K\n"
      + "  class space    used 1300K, committed 1408K, reserved 1048576K\n";

  static final String PARALLEL = "4242:\n PSYoungGen      total 76288K, used 2621K [0x..., 0x..., 0x...)\n"
      + "  eden space 65536K, 4% used [0x...,0x...,0x...)\n"
      + " ParOldGen       total 175104K, used 1000K [0x..., 0x..., 0x...)\n"
      + "  object space 175104K, 0% used [0x...,0x...,0x...)\n"
      + " Metaspace       used 5849K, committed 6016K, reserved 1056768K\n";

  @Test
  void cpuTicksAreUtimePlusStimeCountedAfterTheCommandName() {
    assertThat(ServerProcess.cpuTicks(STAT)).isEqualTo(1750);
  }

  @Test
  void rssIsReadFromStatus() {
    assertThat(ServerProcess.rssKiB(STATUS)).isEqualTo(123456);
  }

  @Test
  void heapInUseIsTheSumOfTheGenerationsWithoutMetaspace() {
    assertThat(ServerProcess.heapUsedKiB(G1)).isEqualTo(23456);
    assertThat(ServerProcess.heapUsedKiB(PARALLEL)).isEqualTo(3621);
  }

  @Test
  void unreadableTextIsRefusedWithTheReason() {
    assertThatThrownBy(() -> ServerProcess.cpuTicks("garbage")).hasMessageContaining("not a /proc/PID/stat line");
    assertThatThrownBy(() -> ServerProcess.cpuTicks("1 (x) S 1 2")).hasMessageContaining("too few fields");
    assertThatThrownBy(() -> ServerProcess.rssKiB("Name:\tkthreadd\n")).hasMessageContaining("no VmRSS");
    assertThatThrownBy(() -> ServerProcess.heapUsedKiB("4242:\nCould not attach\n")).hasMessageContaining("no heap usage");
  }

  @Test
  void aProcessIsReadFromItsProcDirectory(@TempDir Path proc) throws Exception {
    Path dir = Files.createDirectories(proc.resolve("4242"));
    Files.writeString(dir.resolve("stat"), STAT);
    Files.writeString(dir.resolve("status"), STATUS);
    ServerProcess p = new ServerProcess(4242, proc);
    assertThat(p.cpuMicros()).isEqualTo(1750 * 10_000L);
    assertThat(p.rssKiB()).isEqualTo(123456);
  }

  @Test
  void aMissingProcessIsRefusedAtOnce(@TempDir Path proc) {
    assertThatThrownBy(() -> new ServerProcess(4243, proc)).hasMessageContaining("no process 4243 to watch");
    assertThatThrownBy(() -> new ServerProcess(0)).hasMessageContaining("--server-pid must be a positive");
  }

  @Test
  void thisProcessCanBeWatched() {
    ServerProcess self = new ServerProcess(ProcessHandle.current().pid());
    assertThat(self.cpuMicros()).isPositive();
    assertThat(self.rssKiB()).isPositive();
  }
}

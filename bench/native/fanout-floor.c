/*
 * The kernel's floor under a broadcast on loopback, with no WebSocket server at all: one process
 * opens N TCP connections to itself, then, ROUNDS times, writes one 82-byte message (a 64..100 B
 * text frame's size) to each accepted socket and times the N writes; the peer sockets are read
 * only after the timing, so no reader is woken meanwhile. Every server in bench/run-load.sh's
 * broadcast scenarios pays at least this per delivery, on one core.
 *
 *   gcc -O2 -o /tmp/fanout-floor bench/native/fanout-floor.c && taskset -c 0 /tmp/fanout-floor 1000 100
 *
 * Prints one line: µs of wall and CPU time per write, and the best and median round in ms.
 */
#include <arpa/inet.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double seconds(clockid_t clock) {
  struct timespec t;
  clock_gettime(clock, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

static int compare(const void *a, const void *b) {
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static void fail(const char *what) {
  perror(what);
  exit(1);
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 1000;
  int rounds = argc > 2 ? atoi(argv[2]) : 100;
  if (n < 1 || rounds < 1) {
    fprintf(stderr, "usage: fanout-floor [CONNECTIONS (1000)] [ROUNDS (100)]\n");
    return 2;
  }
  int one = 1;
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in addr = {0};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (listener < 0 || bind(listener, (struct sockaddr *) &addr, sizeof addr) < 0
      || getsockname(listener, (struct sockaddr *) &addr, &len) < 0 || listen(listener, 4096) < 0) {
    fail("listen");
  }
  int *client = malloc(n * sizeof(int)), *server = malloc(n * sizeof(int));
  for (int i = 0; i < n; i++) {
    client[i] = socket(AF_INET, SOCK_STREAM, 0);
    if (client[i] < 0 || connect(client[i], (struct sockaddr *) &addr, sizeof addr) < 0) fail("connect");
    server[i] = accept(listener, NULL, NULL);
    if (server[i] < 0) fail("accept");
    setsockopt(server[i], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  char message[82], sink[65536];
  memset(message, 'x', sizeof message);
  double *wall = malloc(rounds * sizeof(double)), cpu = 0, total = 0;
  for (int r = 0; r < rounds; r++) {
    double w0 = seconds(CLOCK_MONOTONIC), c0 = seconds(CLOCK_PROCESS_CPUTIME_ID);
    for (int i = 0; i < n; i++) {
      if (write(server[i], message, sizeof message) != (ssize_t) sizeof message) fail("write");
    }
    wall[r] = seconds(CLOCK_MONOTONIC) - w0;
    cpu += seconds(CLOCK_PROCESS_CPUTIME_ID) - c0;
    total += wall[r];
    for (int i = 0; i < n; i++) {
      if (read(client[i], sink, sizeof sink) <= 0) fail("read");
    }
  }
  qsort(wall, rounds, sizeof(double), compare);
  printf("fanout-floor: %d connections, %d rounds: %.2f us wall and %.2f us CPU per write; "
         "a round of %d writes: best %.2f ms, median %.2f ms\n",
         n, rounds, total / rounds / n * 1e6, cpu / rounds / n * 1e6, n, wall[0] * 1e3, wall[rounds / 2] * 1e3);
  return 0;
}

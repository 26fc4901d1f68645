// jemalloc's compiled-in options (linked into the parloir binary only when it is built with
// jemalloc: PARLOIR_JEMALLOC, release builds). The MALLOC_CONF environment variable still
// overrides them.
//
// why these: the server is a few long-lived threads (I/O, blocking pool, delivery) on a small
// machine. A background thread returns freed pages to the kernel without stalling requests; a
// short decay keeps RSS close to what is live (issue 4's bound: 150 MB under load). One arena
// (narenas:1) instead of 4 per CPU: memory freed by one thread is reused by the others instead
// of sitting in its arena (bench/RESULTS.md, "Memory, session 6": with the smaller SQLite
// caches, peak VmHWM 160 -> 152 MB on the 10k social benchmark).
extern "C" {
// NOLINTNEXTLINE: the symbol name is jemalloc's contract.
const char* malloc_conf = "background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0,narenas:1";
}

// Package crashtest is the durability harness of issue 13 (its test is
// behind the build tag "crash"): napx runs as a process under 200
// concurrent API writers and is killed with SIGKILL at random moments,
// restarted, and checked — every write it acknowledged is there, none it
// refused is, and the audit chain verifies — on SQLite and PostgreSQL;
// then 100 concurrent PATCHes of one action with one version give exactly
// one 200 and 99 409s carrying the current record.
//
//	make crash                       20 kills, 200 writers
//	go test -tags crash ./internal/crashtest/   (NAPX_CRASH_KILLS, NAPX_CRASH_WRITERS)
//
// make test runs it in a short form (3 kills, 50 writers).
package crashtest

// Command napx is the 1540 implementation exchange: one binary that
// serves the web pages and the API, runs the demo, migrates the database
// and administers accounts. See `napx help`.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"napx/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx)
	stop()
	os.Exit(code)
}

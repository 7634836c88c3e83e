package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"napx/internal/config"
	"napx/internal/model"
	"napx/internal/service"
)

// napx export and napx import (issue 16, item 4): the whole data, or what
// one account may read, as one versioned JSON file with its attachments,
// streamed, with a progress bar on standard error.

func runExport(ctx context.Context, env Env) error {
	fs := newFlags(env, "export --out FILE [--as EMAIL]", "Writes every record napx holds (accounts without their secrets, the audit log, attachments)\n"+
		"as one JSON file, or with --as only what that account may read. The file is written beside\n"+
		"FILE first and moved into place when complete.")
	cfg := config.Register(fs, config.Defaults(), env.Getenv)
	out := fs.String("out", "", "the `file` to write (required; - for standard output)")
	as := fs.String("as", "", "export what the account with this e-mail `address` may read")
	quiet := fs.Bool("quiet", false, "no progress bar")
	if help, err := parse(fs, env.Args); help || err != nil {
		return err
	}
	if *out == "" {
		return errors.New("napx export: --out FILE is required")
	}
	if err := cfg.Finish(); err != nil {
		return err
	}
	db, svc, err := openServices(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer func() { _ = db.Close() }()
	v := model.SystemViewer("napx export")
	if *as != "" {
		if v, err = svc.Export.ReaderOf(ctx, v, *as); err != nil {
			return problemsLine(err)
		}
	}
	var w io.Writer = env.Stdout
	var tmp *os.File
	if *out != "-" {
		dir := filepath.Dir(*out)
		tmp, err = os.CreateTemp(dir, ".napx-export-*")
		if err != nil {
			return fmt.Errorf("napx export: %w", err)
		}
		defer func() {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}()
		w = tmp
	}
	bar := newBar(env.Stderr, "export", *quiet || *out == "-")
	sum, err := svc.Export.Write(ctx, v, w, bar.rows)
	bar.end()
	if err != nil {
		return fmt.Errorf("napx export: %w", err)
	}
	if tmp != nil {
		if err := tmp.Sync(); err != nil {
			return err
		}
		if err := tmp.Close(); err != nil {
			return err
		}
		if err := os.Rename(tmp.Name(), *out); err != nil {
			return fmt.Errorf("napx export: %w", err)
		}
		fmt.Fprintf(env.Stderr, "exported %d rows of %d tables (%d attachments) to %s; SHA-256 of the rows %s\n", sum.Rows, sum.Tables, sum.Attachments, *out, sum.SHA256)
	}
	return nil
}

func runImport(ctx context.Context, env Env) error {
	fs := newFlags(env, "import [--merge] FILE", "Reads a napx export. Into an empty database it loads everything (IDs and the audit log\n"+
		"included; imported accounts have no password until one is set with napx user passwd).\n"+
		"Into a database that holds records it previews a merge by stable keys (State codes,\n"+
		"taxonomy IDs, event codes, e-mail addresses): what it would insert and change; --merge\n"+
		"applies it. All or nothing: the first problem is named and nothing is imported.")
	cfg := config.Register(fs, config.Defaults(), env.Getenv)
	merge := fs.Bool("merge", false, "apply the merge into a database that holds records (without it: preview only)")
	quiet := fs.Bool("quiet", false, "no progress bar")
	if err := fs.Parse(env.Args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.Usage()
			return nil
		}
		return fmt.Errorf("napx import: %v", err)
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("napx import: give one FILE")
	}
	path := fs.Arg(0)
	if err := cfg.Finish(); err != nil {
		return err
	}
	f, err := os.Open(path) // #nosec G304 -- the operator names the file to import
	if err != nil {
		return fmt.Errorf("napx import: %w", err)
	}
	defer func() { _ = f.Close() }()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	db, svc, err := openServices(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer func() { _ = db.Close() }()
	empty, err := svc.Export.IsEmpty(ctx)
	if err != nil {
		return err
	}
	mode := service.ImportLoad
	switch {
	case !empty && *merge:
		mode = service.ImportMerge
	case !empty:
		mode = service.ImportDryRun
	}
	bar := newBar(env.Stderr, "import", *quiet)
	rep, err := svc.Export.Import(ctx, model.SystemViewer("napx import"), f, mode, func(n int64) { bar.bytes(n, st.Size()) })
	bar.end()
	if err != nil {
		return fmt.Errorf("napx import: %w", err)
	}
	printReport(env.Stdout, rep)
	if mode == service.ImportDryRun {
		fmt.Fprintln(env.Stdout, "nothing was changed: run napx import --merge with the same file to apply exactly this")
	}
	return nil
}

func printReport(w io.Writer, rep service.ImportReport) {
	switch rep.Mode {
	case service.ImportLoad:
		fmt.Fprintf(w, "loaded %d rows of %d tables (%s export%s)\n", rep.Rows, len(rep.Tables), rep.Scope, forAccount(rep.Account))
		return
	case service.ImportDryRun:
		fmt.Fprintf(w, "preview of a merge of %d rows (%s export%s):\n", rep.Rows, rep.Scope, forAccount(rep.Account))
	default:
		fmt.Fprintf(w, "merged %d rows (%s export%s):\n", rep.Rows, rep.Scope, forAccount(rep.Account))
	}
	for _, t := range rep.Tables {
		if t.Inserted+t.Updated > 0 {
			fmt.Fprintf(w, "  %-28s %6d new  %6d changed  %6d the same\n", t.Table, t.Inserted, t.Updated, t.Same)
		}
	}
	for _, c := range rep.Changes {
		name := c.Key
		if c.Label != "" {
			name = strconv.Quote(c.Label) + " [" + c.Key + "]"
		}
		if c.Op == "insert" {
			fmt.Fprintf(w, "  + %s %s\n", c.Table, name)
		} else {
			fmt.Fprintf(w, "  ~ %s %s: %s\n", c.Table, name, strings.Join(c.Fields, ", "))
		}
	}
	if len(rep.Changes) == 0 {
		fmt.Fprintln(w, "  nothing to change: the database holds every row of the file as it is")
	}
}

func forAccount(a string) string {
	if a == "" {
		return ""
	}
	return " of " + a
}

// bar is a progress bar on standard error, redrawn at most five times a
// second.
type bar struct {
	w     io.Writer
	what  string
	off   bool
	start time.Time
	drawn time.Time
}

func newBar(w io.Writer, what string, off bool) *bar {
	return &bar{w: w, what: what, off: off, start: time.Now()}
}

func (b *bar) rows(done, total int64) { b.draw(done, total, "rows") }

func (b *bar) bytes(done, total int64) { b.draw(done, total, "bytes") }

func (b *bar) draw(done, total int64, unit string) {
	if b.off || (time.Since(b.drawn) < 200*time.Millisecond && done < total) {
		return
	}
	b.drawn = time.Now()
	total = max(total, 1)
	done = min(done, total)
	const width = 30
	filled := int(width * done / total)
	fmt.Fprintf(b.w, "\r%s [%s%s] %3d%% %d/%d %s %4.0fs", b.what, strings.Repeat("#", filled), strings.Repeat(".", width-filled),
		100*done/total, done, total, unit, time.Since(b.start).Seconds())
}

func (b *bar) end() {
	if !b.off && !b.drawn.IsZero() {
		fmt.Fprintln(b.w)
	}
}

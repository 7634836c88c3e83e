package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"napx/internal/config"
	"napx/internal/model"
)

// runReindex rebuilds the search index from the records (issue 12). The
// index is kept in each record's own transaction, so this is needed only
// after a restore from elsewhere or a change to how text is analysed; it
// runs in one transaction (searches go on meanwhile and see the old index
// until it commits) and shows its progress.
func runReindex(ctx context.Context, env Env) error {
	fs := newFlags(env, "reindex [flags]", "Rebuilds the search index from every record, with progress.")
	cfg := config.Register(fs, config.Defaults(), env.Getenv)
	if help, err := parse(fs, env.Args); help || err != nil {
		return err
	}
	if err := cfg.Finish(); err != nil {
		return err
	}
	db, svc, err := openServices(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	bar := &progressBar{w: env.Stderr}
	n, err := svc.Search.Reindex(ctx, model.SystemViewer("napx reindex"), bar.show)
	bar.done()
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "search index rebuilt: %d records\n", n)
	return nil
}

// progressBar draws one line per kind of record, redrawn in place:
// "plans       [#########-----------]  45%  90/200".
type progressBar struct {
	w    io.Writer
	kind model.SearchKind
	last int // the last percentage drawn
}

func (p *progressBar) show(kind model.SearchKind, done, total int) {
	if kind != p.kind {
		if p.kind != "" {
			fmt.Fprintln(p.w)
		}
		p.kind, p.last = kind, -1
	}
	pct := 100
	if total > 0 {
		pct = done * 100 / total
	}
	if pct == p.last && done != total {
		return
	}
	p.last = pct
	const width = 30
	filled := pct * width / 100
	fmt.Fprintf(p.w, "\r%-30s [%s%s] %3d%%  %d/%d", kind.Label(), strings.Repeat("#", filled), strings.Repeat("-", width-filled), pct, done, total)
}

func (p *progressBar) done() {
	if p.kind != "" {
		fmt.Fprintln(p.w)
	}
}

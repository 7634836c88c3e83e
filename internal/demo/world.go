package demo

import (
	"context"
	"fmt"
	"hash/fnv"
	"io"
	"log/slog"
	"math/rand/v2"
	"strings"
	"time"

	"napx/internal/service"
)

// The world: every UN Member State and observer State at the scale napx is
// built for (issue 13) — matrices in two or three editions for all of
// them, plans with tens of thousands of actions and their histories for
// about 120, hundreds of events with thousands of delegates, and two
// thousand accounts. It is written on top of the plain demo (the seed's
// workshop, Croatia's plan and the demo sign-ins stay as they are), through
// the services' own methods, audited, and everything is marked
// illustrative. Same seed, same world: each part draws from its own random
// stream derived from the seed and the part's name, and never from the
// clock or a map's order.

// Scale is how much demo content napx demo writes.
type Scale string

// The scales.
const (
	ScaleDemo  Scale = "demo"  // the seed's region, a few plans and events
	ScaleWorld Scale = "world" // every State (issue 13)
)

// Scales lists the scales, for the flag's help and its error.
var Scales = []Scale{ScaleDemo, ScaleWorld}

// ParseScale reads a scale; an unknown one is an error naming the choices.
func ParseScale(s string) (Scale, error) {
	for _, sc := range Scales {
		if strings.EqualFold(strings.TrimSpace(s), string(sc)) {
			return sc, nil
		}
	}
	names := make([]string, len(Scales))
	for i, sc := range Scales {
		names[i] = string(sc)
	}
	return "", fmt.Errorf("unknown scale %q: choose %s", s, strings.Join(names, " or "))
}

// DefaultSeed is the world's seed unless another is given.
const DefaultSeed = 1540

// WorldSize is how big the world is. Tests use a small one; Full is the
// size issue 13 asks for.
type WorldSize struct {
	MatrixStates   int // States given a matrix (besides the demo's); 195 is all
	PlanStates     int // States with plans (besides the demo's six)
	ActionsPerPlan int // the mean; plans range from a fifth to twice as many
	Events         int
	Delegates      int // nominations over all events
	AccountsPerOrg int // per State: 1 coordinator, 3 editors, the rest viewers
	OrgAccounts    int // accounts for the organisations (Committee, UNODA, ...)
	// AssistanceNeeds are the needs of the States' assistance requests in
	// all (issue 11); AssistanceProgrammes the providers' programmes.
	AssistanceNeeds      int
	AssistanceProgrammes int
	// Practices are the practices library's entries (issue 12).
	Practices int
}

// Full is the world of issue 13: ≥ 20 000 actions, ≥ 500 events with
// ≥ 10 000 delegates, 2 000 accounts, ≥ 2 000 assistance needs, ≥ 5 000
// practices.
var Full = WorldSize{MatrixStates: 195, PlanStates: 120, ActionsPerPlan: 175, Events: 520, Delegates: 10400, AccountsPerOrg: 10, OrgAccounts: 50,
	AssistanceNeeds: 2000, AssistanceProgrammes: 150, Practices: 5000}

// WorldOptions configure SeedWorld.
type WorldOptions struct {
	Seed     uint64
	Size     WorldSize
	Progress io.Writer // where the progress bar goes (nil: nowhere)
}

// worldPart is one feature's generator: one function per feature,
// registered in worldParts. work is its share of the progress bar (a
// rough count of the rows it writes), given the size.
type worldPart struct {
	key  string
	work func(WorldSize) int
	gen  func(ctx context.Context, w *world) error
}

// worldParts run in order after the plain demo's seeders: later parts may
// rely on earlier ones (the events invite the accounts' States). A feature
// that lands adds its generator here.
var worldParts = []worldPart{
	{"accounts", func(s WorldSize) int { return s.AccountsPerOrg*193 + s.OrgAccounts }, worldAccounts},
	{"matrix", func(s WorldSize) int { return s.MatrixStates * 200 }, worldMatrix},
	{"naps", func(s WorldSize) int { return s.PlanStates * s.ActionsPerPlan * 3 }, worldNAPs},
	{"events", func(s WorldSize) int { return s.Events*4 + s.Delegates*3 }, worldEvents},
	{"assistance", func(s WorldSize) int { return s.AssistanceProgrammes + s.AssistanceNeeds*3 }, worldAssistance},
	{"practices", func(s WorldSize) int { return s.Practices * 4 }, worldPractices},
}

// world is what a generator gets: the services, its own random stream,
// the size, and the progress bar.
type world struct {
	svc  *service.Services
	rng  *rand.Rand
	size WorldSize
	bar  *progress
	note *Note
}

// SeedWorld adds the plain demo and then each world part the database
// lacks (each runs once per database, like the demo's seeders).
func SeedWorld(ctx context.Context, svc *service.Services, log *slog.Logger, opts WorldOptions) (*Note, error) {
	note, err := Seed(ctx, svc, log)
	if err != nil {
		return nil, err
	}
	if opts.Size == (WorldSize{}) {
		opts.Size = Full
	}
	// The world is history: its steps are audited, but nobody is told of
	// them (no notice or e-mail queued for thousands of past steps).
	ctx = service.WithoutNotices(ctx)
	total := 0
	for _, p := range worldParts {
		total += p.work(opts.Size)
	}
	bar := newProgress(opts.Progress, total)
	var took []any
	for _, p := range worldParts {
		key := "world." + p.key
		done, err := svc.Demo.Done(ctx, key)
		if err != nil {
			return nil, err
		}
		if done {
			bar.add(p.key, p.work(opts.Size))
			continue
		}
		w := &world{svc: svc, rng: partRand(opts.Seed, p.key), size: opts.Size, bar: bar, note: note}
		bar.phase(p.key)
		start := time.Now()
		if err := p.gen(ctx, w); err != nil {
			bar.end()
			return nil, fmt.Errorf("world %s: %w", p.key, err)
		}
		if err := svc.Demo.MarkDone(ctx, key); err != nil {
			return nil, err
		}
		took = append(took, p.key, time.Since(start).Round(10*time.Millisecond).String())
	}
	bar.end()
	log.Info("world content added", took...)
	note.Lines = append(note.Lines, "World scale (illustrative): every State has a matrix; about 120 have plans; hundreds of events.",
		"World sign-ins: coordinator@<code>.world.napx, editor1@…, viewer1@… (e.g. coordinator@bra.world.napx), same password.")
	return note, nil
}

// partRand is the random stream of one part: the seed and the part's name.
func partRand(seed uint64, part string) *rand.Rand {
	h := fnv.New64a()
	_, _ = h.Write([]byte(part))
	return rand.New(rand.NewPCG(seed, h.Sum64())) // #nosec G404 -- illustrative data, reproducible by design
}

// progress is a one-line progress bar on a terminal (or any writer): the
// share done, the part being written, and the time so far.
type progress struct {
	w            io.Writer
	total, done  int
	part         string
	start, drawn time.Time
}

func newProgress(w io.Writer, total int) *progress {
	return &progress{w: w, total: max(total, 1), start: time.Now()}
}

func (p *progress) phase(part string) { p.part = part; p.draw(true) }

// add counts n units of work done.
func (p *progress) add(part string, n int) {
	p.part = part
	p.done = min(p.done+n, p.total)
	p.draw(false)
}

func (p *progress) draw(force bool) {
	if p.w == nil || !force && time.Since(p.drawn) < 200*time.Millisecond {
		return
	}
	p.drawn = time.Now()
	const width = 30
	filled := width * p.done / p.total
	fmt.Fprintf(p.w, "\rworld [%s%s] %3d%% %-9s %5.0fs", strings.Repeat("#", filled), strings.Repeat(".", width-filled),
		100*p.done/p.total, p.part, time.Since(p.start).Seconds())
}

func (p *progress) end() {
	if p.w == nil {
		return
	}
	p.done = p.total
	p.part = "done"
	p.draw(true)
	fmt.Fprintln(p.w)
}

// pick returns one of xs.
func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

package service

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"napx/internal/model"
	"napx/internal/store"
)

// JobOptions tune the job engine. The zero value is production's.
type JobOptions struct {
	// Workers is how many jobs this process runs at once; 0 runs none (the
	// process only inserts jobs: `napx serve --workers=0`).
	Workers int
	// PollInterval is how often an idle worker looks for new jobs (default
	// 1 s; jobs inserted by this process wake its workers at once).
	PollInterval time.Duration
	// RetryBase is the wait before the first retry; it doubles with each
	// failure up to an hour (default 2 s).
	RetryBase time.Duration
	// RetryMax caps the wait between retries (default an hour).
	RetryMax time.Duration
	// DigestEvery and ScanEvery replace the daily schedules (digest 06:00
	// UTC, deadline scans 05:00 UTC) with a fixed interval: tests.
	DigestEvery time.Duration
	ScanEvery   time.Duration
	// RescueAfter is when a job still marked running (its process died) is
	// run again (default 5 minutes).
	RescueAfter time.Duration
}

// Job kinds and queues.
const (
	queueDefault = river.QueueDefault
	queueMail    = "mail"
	// mailAttempts: an unreachable relay is retried for about two days
	// (doubling waits capped at an hour), then the job is failed and shown on
	// /admin/jobs with a retry button.
	mailAttempts = 50
)

// Jobs is napx's job engine: River over napx's own database (see
// store/jobs.go). Features enqueue inside their write transactions
// (Notifications.Send does); this service runs the workers, the periodic
// jobs and the operations page.
type Jobs struct {
	db      *store.DB
	log     *slog.Logger
	now     func() time.Time
	opts    JobOptions
	workers *river.Workers
	client  *river.Client[*sql.Tx]
	periods []*river.PeriodicJob
	metrics *jobMetrics

	mu      sync.Mutex
	scans   []namedScan
	started bool
	cancel  context.CancelFunc
	done    chan struct{}

	countsMu sync.Mutex
	counts   map[string]int
	countsAt time.Time
}

type namedScan struct {
	name string
	fn   func(ctx context.Context, day model.Date) error
}

func newJobs(d Deps) *Jobs {
	o := d.Jobs
	if o.PollInterval <= 0 {
		o.PollInterval = time.Second
	}
	if o.RetryBase <= 0 {
		o.RetryBase = 2 * time.Second
	}
	if o.RetryMax <= 0 {
		o.RetryMax = time.Hour
	}
	if o.RescueAfter <= 0 {
		o.RescueAfter = 5 * time.Minute
	}
	return &Jobs{db: d.DB, log: d.Log, now: d.Now, opts: o, workers: river.NewWorkers(), metrics: newJobMetrics(d.Metrics)}
}

// build makes the River client once every worker is registered (not for
// services built without a database, as some tests do).
func (j *Jobs) build() {
	if j.db == nil {
		return
	}
	j.periods = append(j.periods,
		river.NewPeriodicJob(j.schedule(j.opts.DigestEvery, 6*time.Hour), func() (river.JobArgs, *river.InsertOpts) {
			return digestArgs{Slot: j.slot(j.opts.DigestEvery)}, nil
		}, &river.PeriodicJobOpts{ID: "notify.digest"}),
		river.NewPeriodicJob(j.schedule(j.opts.ScanEvery, 5*time.Hour), func() (river.JobArgs, *river.InsertOpts) {
			return scanArgs{Slot: j.slot(j.opts.ScanEvery)}, nil
		}, &river.PeriodicJobOpts{ID: "deadline.scan", RunOnStart: true}),
	)
	river.AddWorker(j.workers, &scanWorker{jobs: j})
	cfg := &river.Config{
		Workers:              j.workers,
		Logger:               slog.New(warnOnly{j.log.Handler()}),
		RetryPolicy:          retryPolicy{base: j.opts.RetryBase, max: j.opts.RetryMax},
		FetchPollInterval:    j.opts.PollInterval,
		FetchCooldown:        min(100*time.Millisecond, j.opts.PollInterval),
		RescueStuckJobsAfter: j.opts.RescueAfter,
		JobTimeout:           time.Minute,
		PeriodicJobs:         j.periods,
		ErrorHandler:         errorLogger{log: j.log},
	}
	if j.opts.Workers > 0 {
		cfg.Queues = map[string]river.QueueConfig{
			queueDefault: {MaxWorkers: j.opts.Workers},
			queueMail:    {MaxWorkers: j.opts.Workers},
		}
	}
	c, err := river.NewClient(j.db.JobDriver(), cfg)
	if err != nil {
		// Only a malformed configuration fails here: a programming error.
		panic(fmt.Sprintf("service: job engine: %v", err))
	}
	j.client = c
	j.registerMetrics()
}

// schedule is every (tests) or daily at the offset from midnight UTC.
func (j *Jobs) schedule(every, at time.Duration) river.PeriodicSchedule {
	if every > 0 {
		return river.PeriodicInterval(every)
	}
	return dailyAt(at)
}

// slot names one run of a periodic job, so that it runs once per slot
// whichever process is the leader: the day, or the interval's start.
func (j *Jobs) slot(every time.Duration) string {
	now := j.now().UTC()
	if every > 0 {
		return now.Truncate(every).Format(time.RFC3339Nano)
	}
	return now.Format("2006-01-02")
}

// dailyAt runs once a day at an offset from midnight UTC.
type dailyAt time.Duration

func (d dailyAt) Next(t time.Time) time.Time {
	t = t.UTC()
	next := t.Truncate(24 * time.Hour).Add(time.Duration(d))
	if !next.After(t) {
		next = next.Add(24 * time.Hour)
	}
	return next
}

// retryPolicy waits base, then twice as long after each failure, at most
// max.
type retryPolicy struct{ base, max time.Duration }

func (p retryPolicy) NextRetry(job *rivertype.JobRow) time.Time {
	wait := p.base
	for i := 1; i < len(job.Errors)+1 && wait < p.max; i++ {
		wait *= 2
	}
	// River schedules by its own clock (the wall clock): the wait runs
	// from the failed attempt, as River stamped it.
	from := time.Now()
	if job.AttemptedAt != nil {
		from = *job.AttemptedAt
	}
	return from.UTC().Add(min(wait, p.max))
}

// errorLogger logs a failed attempt once, with the job.
type errorLogger struct{ log *slog.Logger }

func (e errorLogger) HandleError(ctx context.Context, job *rivertype.JobRow, err error) *river.ErrorHandlerResult {
	e.log.Warn("job failed", "job", job.ID, "kind", job.Kind, "attempt", job.Attempt, "max_attempts", job.MaxAttempts, "err", err)
	return nil
}

func (e errorLogger) HandlePanic(ctx context.Context, job *rivertype.JobRow, v any, trace string) *river.ErrorHandlerResult {
	e.log.Error("job panicked", "job", job.ID, "kind", job.Kind, "panic", fmt.Sprint(v), "trace", trace)
	return nil
}

// warnOnly passes River's warnings and errors to napx's log, not its
// routine information.
type warnOnly struct{ slog.Handler }

func (w warnOnly) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelWarn && w.Handler.Enabled(ctx, l)
}

// RegisterScan adds a deadline scan: a function the daily periodic job
// "deadline.scan" calls with the day (UTC). A scan sends its notices with
// Notifications.SendOnce and a key naming the thing and the day, so that a
// scan run twice (a retry, a restart) tells nobody twice. Register scans
// before the engine starts.
func (j *Jobs) RegisterScan(name string, fn func(ctx context.Context, day model.Date) error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.scans = append(j.scans, namedScan{name, fn})
}

// scanArgs is one run of the deadline scans.
type scanArgs struct {
	Slot string `json:"slot"`
}

func (scanArgs) Kind() string { return "deadline.scan" }
func (scanArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

type scanWorker struct {
	river.WorkerDefaults[scanArgs]
	jobs *Jobs
}

func (w *scanWorker) Work(ctx context.Context, job *river.Job[scanArgs]) error {
	return w.jobs.scan(ctx, model.DateOf(w.jobs.now().UTC()))
}

// RunScans runs every deadline scan for day now, in this process (napx
// itself only: tests, and an operator catching up). A scan tells nobody
// twice, so running it again is harmless.
func (j *Jobs) RunScans(ctx context.Context, v model.Viewer, day model.Date) error {
	if !v.IsSystem() {
		return model.ErrForbidden
	}
	return j.scan(ctx, day)
}

func (j *Jobs) scan(ctx context.Context, day model.Date) error {
	j.mu.Lock()
	scans := append([]namedScan(nil), j.scans...)
	j.mu.Unlock()
	var errs []error
	for _, s := range scans {
		if err := s.fn(ctx, day); err != nil {
			errs = append(errs, fmt.Errorf("scan %s: %w", s.name, err))
		}
	}
	return errors.Join(errs...)
}

// insert puts jobs into the transaction.
func (j *Jobs) insert(ctx context.Context, tx *store.Tx, params ...river.InsertManyParams) error {
	_, err := tx.InsertJobs(ctx, j.client, params...)
	return err
}

// insertFast puts jobs that need no uniqueness check into the transaction
// by River's fast path (workers find them at their next poll).
func (j *Jobs) insertFast(ctx context.Context, tx *store.Tx, params ...river.InsertManyParams) error {
	return tx.InsertJobsFast(ctx, j.client, params...)
}

// Workers is how many jobs this process runs at once (0: none).
func (j *Jobs) Workers() int { return j.opts.Workers }

// Start runs the workers (when JobOptions.Workers > 0) and the periodic
// jobs until Stop. It returns at once.
func (j *Jobs) Start(ctx context.Context) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.opts.Workers <= 0 || j.started || j.client == nil {
		return nil
	}
	ctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	events, unsubscribe := j.client.Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed, river.EventKindJobCancelled)
	if err := j.client.Start(ctx); err != nil {
		unsubscribe()
		cancel()
		return fmt.Errorf("start the job engine: %w", err)
	}
	j.started, j.cancel, j.done = true, cancel, make(chan struct{})
	go func() {
		defer close(j.done)
		defer unsubscribe()
		for {
			select {
			case <-ctx.Done():
				return
			case ev, ok := <-events:
				if !ok {
					return
				}
				j.count(ev)
			}
		}
	}()
	j.log.Info("job engine started", "workers", j.opts.Workers)
	return nil
}

// Stop ends the workers gracefully: running jobs may finish within ctx;
// those still running then are cancelled and handed back (River retries
// them), so nothing is lost.
func (j *Jobs) Stop(ctx context.Context) error {
	j.mu.Lock()
	started := j.started
	j.started = false
	j.mu.Unlock()
	if !started {
		return nil
	}
	err := j.client.Stop(ctx)
	if err != nil {
		j.log.Warn("jobs still running at shutdown are handed back", "err", err)
		hard, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		err = j.client.StopAndCancel(hard)
	}
	j.cancel()
	<-j.done
	if err != nil {
		return fmt.Errorf("stop the job engine: %w", err)
	}
	j.log.Info("job engine stopped")
	return nil
}

// WaitIdle waits until no job is left to run within the next minute
// (tests; a job scheduled for later does not count).
func (j *Jobs) WaitIdle(ctx context.Context) error {
	for {
		busy, err := j.db.JobsBusy(ctx, time.Now().Add(time.Minute)) // River's clock
		if err != nil {
			return err
		}
		if !busy {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// JobStates are River's job states in the order the operations page shows
// them.
var JobStates = []string{"running", "available", "retryable", "scheduled", "pending", "discarded", "cancelled", "completed"}

// JobView is a job as the operations page shows it.
type JobView struct {
	ID          int64
	Kind        string
	Queue       string
	State       string
	Attempt     int
	MaxAttempts int
	Args        string
	CreatedAt   time.Time
	ScheduledAt time.Time
	FinalizedAt time.Time
	Errors      []rivertype.AttemptError
	CanRetry    bool
}

// LastError is the most recent attempt's error.
func (v JobView) LastError() string {
	if len(v.Errors) == 0 {
		return ""
	}
	return v.Errors[len(v.Errors)-1].Error
}

// JobsPage is the operations page's content.
type JobsPage struct {
	Counts map[string]int
	State  string
	Jobs   []JobView
}

func admin(v model.Viewer) error {
	switch {
	case v.IsAdmin() || v.IsSystem():
		return nil
	case !v.SignedIn():
		return model.ErrUnauthenticated
	}
	return model.ErrNotFound
}

// List shows administrators the jobs in one state (default: the failed
// ones), newest first, with their errors.
func (j *Jobs) List(ctx context.Context, v model.Viewer, state string) (JobsPage, error) {
	if err := admin(v); err != nil {
		return JobsPage{}, err
	}
	if state == "" {
		state = "discarded"
	}
	if !slices.Contains(JobStates, state) {
		return JobsPage{}, model.Problems{"state": "choose one of " + strings.Join(JobStates, ", ")}
	}
	counts, err := j.db.JobCounts(ctx)
	if err != nil {
		return JobsPage{}, err
	}
	res, err := j.client.JobList(ctx, river.NewJobListParams().States(rivertype.JobState(state)).
		OrderBy(river.JobListOrderByID, river.SortOrderDesc).First(100))
	if err != nil {
		return JobsPage{}, fmt.Errorf("list jobs: %w", err)
	}
	p := JobsPage{Counts: counts, State: state}
	for _, r := range res.Jobs {
		p.Jobs = append(p.Jobs, jobView(r))
	}
	return p, nil
}

func jobView(r *rivertype.JobRow) JobView {
	v := JobView{ID: r.ID, Kind: r.Kind, Queue: r.Queue, State: string(r.State), Attempt: r.Attempt, MaxAttempts: r.MaxAttempts,
		CreatedAt: r.CreatedAt.UTC(), ScheduledAt: r.ScheduledAt.UTC(), Errors: r.Errors}
	if r.FinalizedAt != nil {
		v.FinalizedAt = r.FinalizedAt.UTC()
	}
	v.Args = model.Truncate(compactJSON(r.EncodedArgs), 200)
	switch r.State {
	case rivertype.JobStateDiscarded, rivertype.JobStateCancelled, rivertype.JobStateRetryable, rivertype.JobStateScheduled:
		v.CanRetry = true
	}
	return v
}

// jobArgsShown are the arguments the operations page shows: identifiers
// and kinds, never what a notice says (its title, text, link, recipients,
// attachments), which may tell of a record the administrator may not read.
var jobArgsShown = map[string]bool{"key": true, "notice": true, "record": true, "notification": true, "account": true,
	"link": true, "slot": true, "event": true, "threshold": true, "action": true}

func compactJSON(b []byte) string {
	var v map[string]any
	if json.Unmarshal(b, &v) != nil {
		return ""
	}
	keys := make([]string, 0, len(v))
	for k := range v {
		if jobArgsShown[k] {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		var s string
		switch x := v[k].(type) {
		case map[string]any: // a record: kind:id
			s = fmt.Sprint(x["kind"]) + ":" + fmt.Sprint(x["id"])
		default:
			s = fmt.Sprint(x)
		}
		parts = append(parts, k+"="+model.CleanLine(s, 60))
	}
	return strings.Join(parts, " ")
}

// Retry runs a job again now (an administrator, audited).
func (j *Jobs) Retry(ctx context.Context, v model.Viewer, id int64) error {
	if err := admin(v); err != nil {
		return err
	}
	return j.db.Write(ctx, func(tx *store.Tx) error {
		job, err := tx.RetryJob(ctx, j.client, id)
		if err != nil {
			return err
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "job.retry", Kind: "job", RecordID: id,
			Summary: fmt.Sprintf("job %d (%s) set to run again after %d attempt(s)", id, job.Kind, job.Attempt)})
	})
}

// registerMetrics adds the job and mail series to /metrics.
func (j *Jobs) registerMetrics() {
	if j.metrics.reg == nil {
		return
	}
	for _, s := range JobStates {
		state := s
		registered(j.metrics.reg, prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "napx_jobs", Help: "Jobs by state (counted at most every five seconds).",
			ConstLabels: prometheus.Labels{"state": state}}, func() float64 { return float64(j.cachedCounts()[state]) }))
	}
}

// cachedCounts counts jobs by state at most every five seconds (metrics
// scrapes). The cache runs on the machine's clock, not the services'
// (which a test may fix): it is the engine's housekeeping, like River's
// own schedules, and decides nothing about a record.
func (j *Jobs) cachedCounts() map[string]int {
	j.countsMu.Lock()
	defer j.countsMu.Unlock()
	if time.Since(j.countsAt) < 5*time.Second && j.counts != nil {
		return j.counts
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	c, err := j.db.JobCounts(ctx)
	if err != nil {
		j.log.Warn("count jobs", "err", err)
		return j.counts
	}
	j.counts, j.countsAt = c, time.Now()
	return c
}

// count records a finished attempt in the metrics.
func (j *Jobs) count(ev *river.Event) {
	if ev.Job == nil {
		return
	}
	outcome := "completed"
	switch ev.Kind {
	case river.EventKindJobFailed:
		outcome = "failed"
		if ev.Job.State == rivertype.JobStateDiscarded {
			outcome = "discarded"
		}
	case river.EventKindJobCancelled:
		outcome = "cancelled"
	}
	j.metrics.attempts.WithLabelValues(ev.Job.Kind, outcome).Inc()
	if ev.JobStats != nil {
		j.metrics.run.WithLabelValues(ev.Job.Kind).Observe(ev.JobStats.RunDuration.Seconds())
	}
}

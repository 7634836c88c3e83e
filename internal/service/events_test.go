package service_test

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alexedwards/argon2id"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/store"
	"napx/internal/storetest"
)

// eventClock is a settable time for the services.
type eventClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *eventClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *eventClock) set(s string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	c.t = t
}

type fixture struct {
	t          testing.TB
	db         *store.DB
	svc        *service.Services
	eventClock *eventClock
	users      map[string]model.Viewer // "HRV coordinator" → viewer
}

func newFixture(t testing.TB, db *store.DB) *fixture {
	c := &eventClock{}
	c.set("2017-08-01T10:00:00Z")
	svc := service.New(service.Deps{DB: db, Catalog: storetest.Catalog(t), Now: c.now,
		Auth: service.AuthOptions{HashParams: &argon2id.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}}})
	return &fixture{t: t, db: db, svc: svc, eventClock: c, users: map[string]model.Viewer{}}
}

// as returns the viewer of an account of org with role (made once).
func (f *fixture) as(org string, role model.Role) model.Viewer {
	f.t.Helper()
	key := org + " " + string(role)
	if v, ok := f.users[key]; ok {
		return v
	}
	acc, err := f.svc.Accounts.Create(context.Background(), system, service.AccountInput{Email: strings.ToLower(string(role) + "@" + org + ".test"),
		Org: org, Role: string(role), Password: "correct horse battery staple"})
	if err != nil {
		f.t.Fatal(err)
	}
	v := f.svc.Accounts.ViewerOf(acc)
	f.users[key] = v
	return v
}

// event creates a RACVIAC workshop on 14–15 September 2017.
func (f *fixture) event(edit ...func(*model.EventInput)) int64 {
	f.t.Helper()
	in := model.EventInput{Kind: "workshop", Code: "T-1", Title: "Test workshop", Start: "2017-09-14", End: "2017-09-15", TimeZone: "Europe/Zagreb", Visibility: "participants"}
	for _, e := range edit {
		e(&in)
	}
	ev, err := f.svc.Events.Create(context.Background(), f.as("RACVIAC", model.RoleCoordinator), in)
	if err != nil {
		f.t.Fatal(err)
	}
	return ev.ID
}

func (f *fixture) quotas(id int64, qs ...model.QuotaInput) error {
	_, err := f.svc.Events.SetQuotas(context.Background(), f.as("RACVIAC", model.RoleCoordinator), id, service.Given(qs))
	return err
}

func q(org string, n int) model.QuotaInput { return model.QuotaInput{Org: org, Seats: &n} }

// state is what the participants of an event look like: name → "status
// seat position".
func (f *fixture) state(id int64) map[string]string {
	f.t.Helper()
	ps, err := f.db.Participants(context.Background(), id)
	if err != nil {
		f.t.Fatal(err)
	}
	out := map[string]string{}
	for _, p := range ps {
		s := string(p.Status)
		if p.Seat != "" {
			s += " " + p.Seat
		}
		if p.Status == model.StatusWaitlisted {
			s += fmt.Sprintf(" #%d", p.Position)
		}
		out[p.Name] = s
	}
	return out
}

func (f *fixture) pid(id int64, name string) int64 {
	f.t.Helper()
	return f.participant(id, name).ID
}

func (f *fixture) participant(id int64, name string) model.Participant {
	f.t.Helper()
	ps, _ := f.db.Participants(context.Background(), id)
	for _, p := range ps {
		if p.Name == name {
			return p
		}
	}
	f.t.Fatalf("no participant %s", name)
	return model.Participant{}
}

// current returns patch with the version of the delegate as it is now.
func (f *fixture) current(id int64, name string, patch model.ParticipantPatch) model.ParticipantPatch {
	f.t.Helper()
	patch.Version = f.participant(id, name).Version
	return patch
}

// TestSeatAllocationTable: the quota and waiting-list rules, scenario by
// scenario, on both engines.
func TestSeatAllocationTable(t *testing.T) {
	type step func(f *fixture, id int64) error
	nominate := func(org, name string) step {
		return func(f *fixture, id int64) error {
			_, err := f.svc.Events.Nominate(context.Background(), f.as(org, model.RoleCoordinator), id, service.Given(model.NominationInput{Org: org, Name: name}))
			return err
		}
	}
	change := func(who, whoRole, name string, patch model.ParticipantPatch) step {
		return func(f *fixture, id int64) error {
			_, err := f.svc.Events.ChangeParticipant(context.Background(), f.as(who, model.Role(whoRole)), id, f.pid(id, name), service.Given(f.current(id, name, patch)))
			return err
		}
	}
	withdraw := func(org, name string) step {
		return change(org, "coordinator", name, model.ParticipantPatch{Status: "withdrawn"})
	}
	organiser := func(name, status string) step {
		return change("RACVIAC", "coordinator", name, model.ParticipantPatch{Status: status})
	}
	setQuotas := func(qs ...model.QuotaInput) step {
		return func(f *fixture, id int64) error { return f.quotas(id, qs...) }
	}
	tests := []struct {
		name  string
		edit  func(*model.EventInput)
		steps []step
		want  map[string]string
		fail  string // the error of the last step, if it must fail
	}{
		{"within the quota nominated, beyond it waitlisted in order", nil,
			[]step{setQuotas(q("HRV", 3)), nominate("HRV", "H1"), nominate("HRV", "H2"), nominate("HRV", "H3"), nominate("HRV", "H4"), nominate("HRV", "H5")},
			map[string]string{"H1": "nominated HRV", "H2": "nominated HRV", "H3": "nominated HRV", "H4": "waitlisted #1", "H5": "waitlisted #2"}, ""},
		{"zero seats: every nomination waits", nil,
			[]step{setQuotas(q("MDA", 0)), nominate("MDA", "M1"), nominate("MDA", "M2")},
			map[string]string{"M1": "waitlisted #1", "M2": "waitlisted #2"}, ""},
		{"the waiting list is the event's, in the order of nomination", nil,
			[]step{setQuotas(q("HRV", 1), q("SRB", 1)), nominate("HRV", "H1"), nominate("SRB", "S1"), nominate("SRB", "S2"), nominate("HRV", "H2"), nominate("SRB", "S3")},
			map[string]string{"H1": "nominated HRV", "S1": "nominated SRB", "S2": "waitlisted #1", "H2": "waitlisted #2", "S3": "waitlisted #3"}, ""},
		{"a released seat goes to the first waiting delegate of that delegation", nil,
			[]step{setQuotas(q("HRV", 1), q("SRB", 1)), nominate("HRV", "H1"), nominate("SRB", "S1"), nominate("SRB", "S2"), nominate("HRV", "H2"), nominate("HRV", "H3"), withdraw("HRV", "H1")},
			map[string]string{"H1": "withdrawn", "S1": "nominated SRB", "S2": "waitlisted #1", "H2": "nominated HRV", "H3": "waitlisted #3"}, ""},
		{"...then to the first waiting delegate of the event", nil,
			[]step{setQuotas(q("HRV", 1), q("MDA", 0), q("UKR", 0)), nominate("HRV", "H1"), nominate("UKR", "U1"), nominate("MDA", "M1"), withdraw("HRV", "H1")},
			map[string]string{"H1": "withdrawn", "U1": "nominated HRV", "M1": "waitlisted #2"}, ""},
		{"a seat lent to another delegation goes back to the lender's waiting delegates first", nil,
			[]step{setQuotas(q("HRV", 1), q("MDA", 0)), nominate("HRV", "H1"), nominate("MDA", "M1"), withdraw("HRV", "H1"), nominate("HRV", "H2"), nominate("MDA", "M2"), withdraw("MDA", "M1")},
			map[string]string{"H1": "withdrawn", "M1": "withdrawn", "H2": "nominated HRV", "M2": "waitlisted #3"}, ""},
		{"the organiser declining releases the seat too", nil,
			[]step{setQuotas(q("SRB", 1)), nominate("SRB", "S1"), nominate("SRB", "S2"), organiser("S1", "declined")},
			map[string]string{"S1": "declined", "S2": "nominated SRB"}, ""},
		{"withdrawing a confirmed delegate releases the seat", nil,
			[]step{setQuotas(q("SRB", 1)), nominate("SRB", "S1"), nominate("SRB", "S2"), organiser("S1", "confirmed"), withdraw("SRB", "S1")},
			map[string]string{"S1": "withdrawn", "S2": "nominated SRB"}, ""},
		{"withdrawing a waiting delegate releases nothing", nil,
			[]step{setQuotas(q("SRB", 1)), nominate("SRB", "S1"), nominate("SRB", "S2"), nominate("SRB", "S3"), withdraw("SRB", "S2")},
			map[string]string{"S1": "nominated SRB", "S2": "withdrawn", "S3": "waitlisted #2"}, ""},
		{"a raised quota gives the new seats to the delegation's waiting delegates in order", nil,
			[]step{setQuotas(q("HRV", 1), q("MDA", 0)), nominate("HRV", "H1"), nominate("MDA", "M1"), nominate("HRV", "H2"), nominate("HRV", "H3"), setQuotas(q("HRV", 2), q("MDA", 0))},
			map[string]string{"H1": "nominated HRV", "M1": "waitlisted #1", "H2": "nominated HRV", "H3": "waitlisted #3"}, ""},
		{"a quota cannot go below the seats held", nil,
			[]step{setQuotas(q("HRV", 2)), nominate("HRV", "H1"), nominate("HRV", "H2"), setQuotas(q("HRV", 1))},
			map[string]string{"H1": "nominated HRV", "H2": "nominated HRV"}, "quotas"},
		{"a delegation with standing nominations cannot be left out", nil,
			[]step{setQuotas(q("HRV", 2), q("SRB", 1)), nominate("HRV", "H1"), setQuotas(q("SRB", 1))},
			map[string]string{"H1": "nominated HRV"}, "quotas"},
		{"the organiser confirms a waiting delegate with a seat beyond the quotas", nil,
			[]step{setQuotas(q("MDA", 0)), nominate("MDA", "M1"), nominate("MDA", "M2"), organiser("M2", "confirmed")},
			map[string]string{"M1": "waitlisted #1", "M2": "confirmed @organiser"}, ""},
		{"a seat granted beyond the quotas is not passed on", nil,
			[]step{setQuotas(q("MDA", 0)), nominate("MDA", "M1"), nominate("MDA", "M2"), organiser("M2", "confirmed"), withdraw("MDA", "M2")},
			map[string]string{"M1": "waitlisted #1", "M2": "withdrawn"}, ""},
		{"open seats for associate members and observers", func(in *model.EventInput) { in.OpenGroup, in.OpenSeats = "RACVIAC", 1 },
			[]step{setQuotas(q("HRV", 1)), nominate("AUT", "A1"), nominate("UKR", "U1"), nominate("HRV", "H1"), nominate("HRV", "H2")},
			map[string]string{"A1": "nominated @open", "U1": "waitlisted #1", "H1": "nominated HRV", "H2": "waitlisted #2"}, ""},
		{"a released open seat goes to the delegation's waiting delegate, then the event's", func(in *model.EventInput) { in.OpenGroup, in.OpenSeats = "RACVIAC", 1 },
			[]step{nominate("AUT", "A1"), nominate("UKR", "U1"), nominate("AUT", "A2"), withdraw("AUT", "A1")},
			map[string]string{"A1": "withdrawn", "U1": "waitlisted #1", "A2": "nominated @open"}, ""},
		{"a full member of the open group is not an associate member", func(in *model.EventInput) { in.OpenGroup, in.OpenSeats = "RACVIAC", 5 },
			[]step{nominate("ALB", "A1")},
			map[string]string{}, "forbidden"},
		{"a substitute takes the same place; a confirmed seat goes back to nominated", nil,
			[]step{setQuotas(q("HRV", 1)), nominate("HRV", "H1"), organiser("H1", "confirmed"), change("HRV", "coordinator", "H1", model.ParticipantPatch{Name: "H1b"})},
			map[string]string{"H1b": "nominated HRV"}, ""},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		base := newFixture(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				f := &fixture{t: t, db: db, svc: base.svc, eventClock: base.eventClock, users: base.users}
				edit := []func(*model.EventInput){}
				if tt.edit != nil {
					edit = append(edit, tt.edit)
				}
				id := f.event(edit...)
				for i, s := range tt.steps {
					err := s(f, id)
					last := i == len(tt.steps)-1
					switch {
					case last && tt.fail != "":
						p, isProblem := model.AsProblems(err)
						if !(isProblem && p[tt.fail] != "") && !(tt.fail == "forbidden" && errors.Is(err, model.ErrForbidden)) {
							t.Fatalf("last step: %v, want %s", err, tt.fail)
						}
					case err != nil:
						t.Fatalf("step %d: %v", i+1, err)
					}
				}
				got := f.state(id)
				if fmt.Sprint(got) != fmt.Sprint(tt.want) {
					t.Errorf("\ngot  %v\nwant %v", got, tt.want)
				}
			})
		}
	})
}

// TestNominationRefusals: bad nominations are refused with the right
// answer, and nothing changes (no row, no audit entry).
func TestNominationRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		id := f.event()
		if err := f.quotas(id, q("HRV", 3), q("SRB", 3)); err != nil {
			t.Fatal(err)
		}
		hrv := f.as("HRV", model.RoleCoordinator)
		if _, err := f.svc.Events.Nominate(ctx, hrv, id, service.Given(model.NominationInput{Org: "HRV", Name: "Ana Horvat"})); err != nil {
			t.Fatal(err)
		}
		private := f.event(func(in *model.EventInput) { in.Visibility = "private"; in.Code = "T-2" })
		tests := []struct {
			name  string
			who   model.Viewer
			event int64
			in    model.NominationInput
			want  string // an error or a field
		}{
			{"an uninvited delegation", f.as("FRA", model.RoleCoordinator), id, model.NominationInput{Org: "FRA", Name: "Jean Exemple"}, "forbidden"},
			{"a coordinator for another delegation", f.as("SRB", model.RoleCoordinator), id, model.NominationInput{Org: "HRV", Name: "Forwarded Link"}, "forbidden"},
			{"an uninvited coordinator with an invited delegation's link", f.as("FRA", model.RoleCoordinator), id, model.NominationInput{Org: "HRV", Name: "Forwarded Link"}, "forbidden"},
			{"the organiser for a delegation", f.as("RACVIAC", model.RoleCoordinator), id, model.NominationInput{Org: "HRV", Name: "Organiser Pick"}, "forbidden"},
			{"the delegation's editor", f.as("HRV", model.RoleEditor), id, model.NominationInput{Org: "HRV", Name: "Editor Pick"}, "forbidden"},
			{"anonymous", model.Anonymous, id, model.NominationInput{Org: "HRV", Name: "Nobody"}, "not found"},
			{"an event the coordinator cannot read", hrv, private, model.NominationInput{Org: "HRV", Name: "Ana Horvat"}, "not found"},
			{"no such event", hrv, 99999, model.NominationInput{Org: "HRV", Name: "Ana Horvat"}, "not found"},
			{"a person nominated twice", hrv, id, model.NominationInput{Org: "HRV", Name: "Ana Horvat"}, "name"},
			{"...whatever the case and spacing", hrv, id, model.NominationInput{Org: "HRV", Name: "  ana   HORVAT "}, "name"},
			{"...even by another delegation", f.as("SRB", model.RoleCoordinator), id, model.NominationInput{Org: "SRB", Name: "Ana Horvat"}, "name"},
			{"no name", hrv, id, model.NominationInput{Org: "HRV", Name: " "}, "name"},
		}
		countAudit := func() int {
			es, err := db.AuditEntries(ctx, model.AuditFilter{Limit: 100000})
			if err != nil {
				t.Fatal(err)
			}
			return len(es)
		}
		before, audits := fmt.Sprint(f.state(id)), countAudit()
		for _, tt := range tests {
			_, err := f.svc.Events.Nominate(ctx, tt.who, tt.event, service.Given(tt.in))
			p, _ := model.AsProblems(err)
			ok := false
			switch tt.want {
			case "forbidden":
				ok = errors.Is(err, model.ErrForbidden)
			case "not found":
				ok = errors.Is(err, model.ErrNotFound)
			default:
				ok = p[tt.want] != ""
			}
			if !ok {
				t.Errorf("%s: %v, want %s", tt.name, err, tt.want)
			}
		}
		if got := fmt.Sprint(f.state(id)); got != before || countAudit() != audits {
			t.Errorf("a refused nomination changed something:\n%s\n%s", before, got)
		}
		// After the deadline (the day before the start, at the event's place).
		f.eventClock.set("2017-09-13T21:59:00Z") // 23:59 in Zagreb on the 13th: still open
		if _, err := f.svc.Events.Nominate(ctx, hrv, id, service.Given(model.NominationInput{Org: "HRV", Name: "Last Minute"})); err != nil {
			t.Errorf("on the deadline day: %v", err)
		}
		before, audits = fmt.Sprint(f.state(id)), countAudit()
		f.eventClock.set("2017-09-13T22:00:00Z") // midnight in Zagreb: the 14th
		_, err := f.svc.Events.Nominate(ctx, hrv, id, service.Given(model.NominationInput{Org: "HRV", Name: "Too Late"}))
		if p, _ := model.AsProblems(err); p["nomination_deadline"] == "" {
			t.Errorf("after the deadline: %v", err)
		}
		_, err = f.svc.Events.ChangeParticipant(ctx, hrv, id, f.pid(id, "Ana Horvat"), service.Given(f.current(id, "Ana Horvat", model.ParticipantPatch{Status: "withdrawn"})))
		if p, _ := model.AsProblems(err); p["nomination_deadline"] == "" {
			t.Errorf("a withdrawal after the deadline: %v", err)
		}
		if got := fmt.Sprint(f.state(id)); got != before || countAudit() != audits {
			t.Errorf("a refused request changed something:\n%s\n%s", before, got)
		}
		// The organiser still acts after the deadline.
		if _, err := f.svc.Events.ChangeParticipant(ctx, f.as("RACVIAC", model.RoleEditor), id, f.pid(id, "Ana Horvat"), service.Given(f.current(id, "Ana Horvat", model.ParticipantPatch{Status: "confirmed"}))); err != nil {
			t.Errorf("the organiser confirms after the deadline: %v", err)
		}
	})
}

// TestNominationWorkflow: nominate, substitute, confirm, attendance,
// with the history of each step and the audit log.
func TestNominationWorkflow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		id := f.event()
		if err := f.quotas(id, model.QuotaInput{Group: "SEE", Seats: intp(3)}, q("MDA", 0)); err != nil {
			t.Fatal(err)
		}
		hrv, org := f.as("HRV", model.RoleCoordinator), f.as("RACVIAC", model.RoleCoordinator)
		p, err := f.svc.Events.Nominate(ctx, hrv, id, service.Given(model.NominationInput{Name: "Ana Horvat", Function: "Ministry of Foreign Affairs"}))
		if err != nil || p.Org != "HRV" || p.Status != model.StatusNominated {
			t.Fatalf("nominate with the org left out (the coordinator's own): %+v %v", p, err)
		}
		p, err = f.svc.Events.ChangeParticipant(ctx, hrv, id, p.ID, service.Given(model.ParticipantPatch{Name: "Ivan Kovač", Function: "Customs", Version: p.Version}))
		if err != nil || p.Name != "Ivan Kovač" || p.Status != model.StatusNominated {
			t.Fatalf("substitute: %+v %v", p, err)
		}
		if _, err := f.svc.Events.ChangeParticipant(ctx, hrv, id, p.ID, service.Given(model.ParticipantPatch{Status: "confirmed", Version: p.Version})); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("a coordinator confirms its own delegate: %v", err)
		}
		if _, err := f.svc.Events.ChangeParticipant(ctx, org, id, p.ID, service.Given(model.ParticipantPatch{Status: "confirmed", Version: 1})); err == nil {
			t.Errorf("a stale version was accepted")
		} else {
			var ce *model.ConflictError
			if !errors.As(err, &ce) {
				t.Errorf("a stale version: %v, want a conflict", err)
			}
		}
		p, err = f.svc.Events.ChangeParticipant(ctx, org, id, p.ID, service.Given(model.ParticipantPatch{Status: "confirmed", Version: p.Version}))
		if err != nil || p.Status != model.StatusConfirmed {
			t.Fatalf("confirm: %+v %v", p, err)
		}
		if _, err := f.svc.Events.ChangeParticipant(ctx, org, id, p.ID, service.Given(model.ParticipantPatch{Status: "attended", Version: p.Version})); err == nil {
			t.Error("attendance recorded before the event")
		}
		f.eventClock.set("2017-09-14T08:00:00Z")
		if _, err := f.svc.Events.ChangeParticipant(ctx, org, id, p.ID, service.Given(model.ParticipantPatch{Status: "attended"})); !isProblem(err, "version") {
			t.Errorf("attendance without the version read: %v, want a problem with version", err)
		}
		p, err = f.svc.Events.ChangeParticipant(ctx, org, id, p.ID, service.Given(model.ParticipantPatch{Status: "attended", Version: p.Version}))
		if err != nil || p.Status != model.StatusAttended {
			t.Fatalf("attended: %+v %v", p, err)
		}
		if _, err := f.svc.Events.ChangeParticipant(ctx, org, id, p.ID, service.Given(model.ParticipantPatch{Status: "waitlisted"})); err == nil {
			t.Error("a delegate was put on the waiting list by hand")
		}
		var steps []string
		for _, h := range p.History {
			steps = append(steps, string(h.From)+">"+string(h.To))
		}
		if got := strings.Join(steps, " "); got != ">nominated nominated>nominated nominated>confirmed confirmed>attended" {
			t.Errorf("history: %s", got)
		}
		if !strings.Contains(p.History[1].Note, "substitute for Ana Horvat") {
			t.Errorf("the substitution is not in the history: %+v", p.History[1])
		}
		es, _ := db.AuditEntries(ctx, model.AuditFilter{Kind: "event-participant", Limit: 100})
		if len(es) != 4 {
			t.Errorf("%d audit entries for the delegate, want 4", len(es))
		}
		// Who sees the delegate: HRV, the organiser; SRB (no confirmed delegate) does not.
		for _, c := range []struct {
			who  model.Viewer
			want bool
		}{{hrv, true}, {org, true}, {f.as("HRV", model.RoleViewer), true}, {f.as("SRB", model.RoleCoordinator), false}, {model.Anonymous, false}} {
			who, want := c.who, c.want
			ps, err := f.svc.Events.Participants(ctx, who, id)
			if err != nil && !errors.Is(err, model.ErrNotFound) {
				t.Fatal(err)
			}
			if (len(ps) == 1) != want {
				t.Errorf("%s sees %d delegates, want %v", who.Label(), len(ps), want)
			}
		}
	})
}

func intp(n int) *int { return &n }

// TestConcurrentNominations: 100 nominations at once against 3 seats give
// exactly 3 nominated and 97 waitlisted, in distinct places 1..97, on
// both engines (the event's row is locked in the nomination transaction).
func TestConcurrentNominations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		id := f.event()
		if err := f.quotas(id, q("HRV", 3)); err != nil {
			t.Fatal(err)
		}
		hrv := f.as("HRV", model.RoleCoordinator)
		const n = 100
		var wg sync.WaitGroup
		errs := make(chan error, n)
		start := make(chan struct{})
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, err := f.svc.Events.Nominate(ctx, hrv, id, service.Given(model.NominationInput{Org: "HRV", Name: fmt.Sprintf("Delegate %03d", i)}))
				errs <- err
			}()
		}
		close(start)
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("a nomination failed: %v", err)
			}
		}
		ps, err := db.Participants(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		nominated, waitlisted := 0, []int{}
		for _, p := range ps {
			switch p.Status {
			case model.StatusNominated:
				nominated++
			case model.StatusWaitlisted:
				waitlisted = append(waitlisted, p.Position)
				if p.Seat != "" {
					t.Errorf("a waiting delegate holds seat %s", p.Seat)
				}
			}
		}
		sort.Ints(waitlisted)
		if nominated != 3 || len(waitlisted) != n-3 {
			t.Fatalf("%d nominated and %d waitlisted, want 3 and %d", nominated, len(waitlisted), n-3)
		}
		for i, pos := range waitlisted {
			if pos != i+1 {
				t.Fatalf("waiting-list places %v, want 1..%d", waitlisted, n-3)
			}
		}
		t.Logf("%s: 100 concurrent nominations → %d nominated, %d waitlisted (places 1..%d)", db.Dialect(), nominated, len(waitlisted), len(waitlisted))
	})
}

// TestSharedEventReachesItsInvitees: a "shared" event is read by the
// organisations and groups named on it and by every invited delegation;
// un-inviting one takes its reading away again.
func TestSharedEventReachesItsInvitees(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		id := f.event(func(in *model.EventInput) { in.Visibility, in.SharedWith = "shared", []string{"IAEA"} })
		reads := func(org string) bool {
			_, err := f.svc.Events.Get(ctx, f.as(org, model.RoleViewer), id)
			if err != nil && !errors.Is(err, model.ErrNotFound) {
				t.Fatal(err)
			}
			evs, lerr := f.svc.Events.List(ctx, f.as(org, model.RoleViewer), service.EventQuery{})
			if lerr != nil {
				t.Fatal(lerr)
			}
			if (err == nil) != (len(evs) == 1) {
				t.Errorf("%s: the event and the list disagree", org)
			}
			return err == nil
		}
		for org, want := range map[string]bool{"IAEA": true, "SRB": false, "ALB": false, "UNSC1540": true, "RACVIAC": true} {
			if got := reads(org); got != want {
				t.Errorf("before the invitation, %s reads the shared event: %v, want %v", org, got, want)
			}
		}
		if err := f.quotas(id, q("SRB", 2)); err != nil {
			t.Fatal(err)
		}
		if !reads("SRB") || reads("ALB") {
			t.Error("the invited delegation does not read the shared event, or another does")
		}
		if err := f.quotas(id); err != nil {
			t.Fatal(err)
		}
		if reads("SRB") {
			t.Error("an un-invited delegation still reads the shared event")
		}
	})
}

// TestFollowUpLinksToNAPAction: a follow-up owned by a State links to an
// action of that State's plan only; the link shows only to those who may
// read the action; whoever cannot see it cannot remove it by mistake.
func TestFollowUpLinksToNAPAction(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		hrvCoord, hrvEditor := f.as("HRV", model.RoleCoordinator), f.as("HRV", model.RoleEditor)
		// Croatia's draft plan is private to Croatia.
		plan := mkPlan(t, f.svc.NAPs, hrvCoord, "HRV", "Croatia's plan")
		action := mkAction(t, f.svc.NAPs, hrvCoord, plan.ID, "Annual review by the working group", "2019-12-31")
		srbPlan := mkPlan(t, f.svc.NAPs, f.as("SRB", model.RoleCoordinator), "SRB", "Serbia's plan")
		srbAction := mkAction(t, f.svc.NAPs, f.as("SRB", model.RoleCoordinator), srbPlan.ID, "Serbia's action", "2019-12-31")
		id := f.event()
		org := f.as("RACVIAC", model.RoleCoordinator)
		fu, err := f.svc.Events.AddFollowUp(ctx, org, id, service.Given(model.FollowUpInput{Title: "Update the NAP", Owner: "HRV"}))
		if err != nil {
			t.Fatal(err)
		}
		refused := func(err error) bool { p, _ := model.AsProblems(err); return p["nap_action_id"] != "" }
		// The organiser cannot see Croatia's private plan: it cannot link to it.
		if _, err := f.svc.Events.AddFollowUp(ctx, org, id, service.Given(model.FollowUpInput{Title: "x", Owner: "HRV", NAPAction: action.ID})); !refused(err) {
			t.Errorf("a link to an action the organiser cannot read: %v", err)
		}
		// Only a State's follow-up links, and only to that State's plan (napx itself can read every plan).
		for _, c := range []struct {
			owner  string
			action int64
		}{{"RACVIAC", action.ID}, {"SRB", action.ID}, {"HRV", srbAction.ID}, {"HRV", 999999}} {
			if _, err := f.svc.Events.AddFollowUp(ctx, model.SystemViewer("test"), id, service.Given(model.FollowUpInput{Title: "x", Owner: c.owner, NAPAction: c.action})); !refused(err) {
				t.Errorf("a follow-up of %s linked to action %d: %v", c.owner, c.action, err)
			}
		}
		// The owner links its follow-up to its own action.
		linked, err := f.svc.Events.UpdateFollowUp(ctx, hrvEditor, id, fu.ID, service.Given(model.FollowUpInput{Title: fu.Title, Owner: "HRV", Status: "in-progress",
			NAPAction: action.ID, Version: fu.Version}))
		if err != nil {
			t.Fatal(err)
		}
		if linked.NAPActionID != action.ID || linked.NAPAction == nil || linked.NAPAction.NAPID != plan.ID || linked.NAPAction.Title != action.Title {
			t.Fatalf("linked: %+v %+v", linked, linked.NAPAction)
		}
		// Who sees the link: those who may read the action.
		for _, c := range []struct {
			who  model.Viewer
			sees bool
		}{{f.as("HRV", model.RoleViewer), true}, {org, false}, {f.as("SRB", model.RoleCoordinator), false}, {f.as("UNSC1540", model.RoleEditor), false}} {
			fs, err := f.svc.Events.FollowUps(ctx, c.who, id)
			if err != nil {
				t.Fatal(err)
			}
			got := fs[0].NAPActionID != 0 || fs[0].NAPAction != nil
			if got != c.sees {
				t.Errorf("%s sees the link: %v, want %v (%+v)", c.who.Label(), got, c.sees, fs[0])
			}
		}
		// Once the plan is submitted, the Committee reads it, and the link.
		if _, err := f.svc.NAPs.Adopt(ctx, hrvCoord, plan.ID, service.Given(model.NAPAdoption{Authority: "Government", Date: "2015-03-12"})); err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.svc.NAPs.Submit(ctx, hrvCoord, plan.ID, nil); err != nil {
			t.Fatal(err)
		}
		fs, _ := f.svc.Events.FollowUps(ctx, f.as("UNSC1540", model.RoleEditor), id)
		if fs[0].NAPAction == nil {
			t.Error("the Committee does not see the link to a submitted plan's action")
		}
		// The organiser (who cannot see the link) changes the status: the link stays.
		cur, _ := f.svc.Events.FollowUps(ctx, org, id)
		if _, err := f.svc.Events.UpdateFollowUp(ctx, org, id, fu.ID, service.Given(model.FollowUpInput{Title: fu.Title, Owner: "HRV", Status: "done", Version: cur[0].Version})); err != nil {
			t.Fatal(err)
		}
		stored, err := db.FollowUp(ctx, fu.ID)
		if err != nil || stored.NAPActionID != action.ID || stored.Status != model.FollowUpDone {
			t.Errorf("after the organiser's change: %+v %v", stored, err)
		}
	})
}

// isProblem reports whether err is a model.Problems naming field.
func isProblem(err error, field string) bool {
	p, ok := model.AsProblems(err)
	return ok && p[field] != ""
}

// TestIllustrativeOnlyFromNapx: the demo-only option of the inputs (issue
// 9.12) is refused from anyone but napx itself.
func TestIllustrativeOnlyFromNapx(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		hrv := f.as("HRV", model.RoleCoordinator)
		in := model.PointOfContactInput{Kind: "capital", Name: "Ana Demo", ValidFrom: "2020-01-01", Illustrative: true}
		if _, err := f.svc.Contacts.Create(ctx, hrv, "HRV", in); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("a coordinator marks a contact illustrative: %v, want forbidden", err)
		}
		c, err := f.svc.Contacts.Create(ctx, model.SystemViewer("demo"), "HRV", in)
		if err != nil || !c.Illustrative {
			t.Errorf("napx marks a contact illustrative: %+v %v", c, err)
		}
		in.Illustrative = false
		if c, err := f.svc.Contacts.Create(ctx, hrv, "HRV", in); err != nil || c.Illustrative {
			t.Errorf("control: an ordinary contact: %+v %v", c, err)
		}
	})
}

package policy_test

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"testing"

	"napx/internal/model"
	"napx/internal/policy"
	"napx/internal/refdata"
)

// viewers are the people of the table, by name. The record under test is
// Croatia's (HRV), shared (when its level is "shared") with IAEA and the
// SEE group.
func viewers(t *testing.T) map[string]model.Viewer {
	cat := refdata.MustLoad()
	mk := func(org string, role model.Role, admin bool) model.Viewer {
		acc := &model.Account{ID: 1, Email: string(role) + "@" + org, Org: org, Role: role, Admin: admin}
		o, ok := cat.Org(org)
		if !ok {
			t.Fatalf("unknown org %s", org)
		}
		v := model.Viewer{Account: acc, OrgKind: o.Kind}
		for _, m := range cat.GroupsOf(org) {
			v.Groups = append(v.Groups, m.Group.Code)
		}
		return v
	}
	return map[string]model.Viewer{
		"anonymous":             model.Anonymous,
		"system":                model.SystemViewer("test"),
		"owner viewer":          mk("HRV", model.RoleViewer, false),
		"owner editor":          mk("HRV", model.RoleEditor, false),
		"owner coordinator":     mk("HRV", model.RoleCoordinator, false),
		"SEE State coordinator": mk("SRB", model.RoleCoordinator, false), // in SEE: reads what is shared with SEE
		"non-SEE State editor":  mk("FRA", model.RoleEditor, false),
		"committee expert":      mk("UNSC1540", model.RoleEditor, false),
		"committee coordinator": mk("UNSC1540", model.RoleCoordinator, false),
		"UNODA viewer":          mk("UNODA", model.RoleViewer, false),
		"IAEA editor":           mk("IAEA", model.RoleEditor, false), // named on the record
		"OPCW editor":           mk("OPCW", model.RoleEditor, false),
		"RACVIAC coordinator":   mk("RACVIAC", model.RoleCoordinator, false),
		"DTRA programme editor": mk("DTRA", model.RoleEditor, false),
		"admin of another org":  mk("UNODA", model.RoleViewer, true), // the admin flag grants no reading rights
	}
}

var (
	owners     = []string{"owner viewer", "owner editor", "owner coordinator", "system"}
	committee  = []string{"committee expert", "committee coordinator", "UNODA viewer", "admin of another org"}
	sharedWith = []string{"IAEA editor", "SEE State coordinator"}
	signedIn   = []string{"SEE State coordinator", "non-SEE State editor", "IAEA editor", "OPCW editor", "RACVIAC coordinator", "DTRA programme editor"}
)

func union(sets ...[]string) []string {
	var out []string
	for _, s := range sets {
		out = append(out, s...)
	}
	return out
}

// TestPolicyTable is the table of roles × visibility levels × owner
// relationships × read/write/coordinate, allowed and denied, written out
// by hand (not derived from the code it checks).
func TestPolicyTable(t *testing.T) {
	vs := viewers(t)
	readers := map[model.Visibility][]string{
		model.VisPrivate:      owners,
		model.VisCommittee:    union(owners, committee),
		model.VisShared:       union(owners, committee, sharedWith),
		model.VisParticipants: union(owners, committee, signedIn),
		model.VisPublic:       union(owners, committee, signedIn, []string{"anonymous"}),
	}
	writers := []string{"owner editor", "owner coordinator", "system"}
	coordinators := []string{"owner coordinator", "system"}
	allowed, denied := 0, 0
	names := make([]string, 0, len(vs))
	for n := range vs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, level := range model.Visibilities {
		rec := policy.Record{Owner: "HRV", Visibility: level, SharedWith: []string{"IAEA", "SEE"}}
		for _, name := range names {
			v := vs[name]
			for _, action := range []struct {
				name  string
				want  []string
				check func(model.Viewer, policy.Record) bool
				err   func(model.Viewer, policy.Record) error
			}{
				{"read", readers[level], policy.CanRead, policy.Read},
				{"write", writers, policy.CanWrite, policy.Write},
				{"coordinate", coordinators, policy.CanCoordinate, policy.Coordinate},
			} {
				want := slices.Contains(action.want, name)
				got := action.check(v, rec)
				if got != want {
					t.Errorf("%s %s a %s record: %v, want %v", name, action.name, level, got, want)
				}
				if want {
					allowed++
				} else {
					denied++
				}
				// The error tells unreadable (404) from read-only (403) from anonymous (401).
				err := action.err(v, rec)
				var wantErr error
				switch {
				case want:
				case !slices.Contains(readers[level], name):
					wantErr = model.ErrNotFound
				case name == "anonymous":
					wantErr = model.ErrUnauthenticated
				default:
					wantErr = model.ErrForbidden
				}
				if !errors.Is(err, wantErr) || (wantErr == nil) != (err == nil) {
					t.Errorf("%s %s a %s record: error %v, want %v", name, action.name, level, err, wantErr)
				}
			}
		}
	}
	t.Logf("policy table: %d cases, %d allowed, %d denied", allowed+denied, allowed, denied)
	if allowed+denied != len(vs)*len(model.Visibilities)*3 {
		t.Fatal("table incomplete")
	}
}

func TestFieldVisible(t *testing.T) {
	vs := viewers(t)
	public := policy.Record{Owner: "HRV", Visibility: model.VisPublic}
	for name, want := range map[string]bool{
		"anonymous": false, "owner viewer": true, "non-SEE State editor": true, "committee expert": true, "system": true,
	} {
		if got := policy.FieldVisible(vs[name], public, model.VisParticipants); got != want {
			t.Errorf("%s sees a participants-only field of a public record: %v, want %v", name, got, want)
		}
	}
	// A committee-level field of a public record: the owner and the Committee only.
	for name, want := range map[string]bool{
		"owner viewer": true, "committee expert": true, "UNODA viewer": true, "IAEA editor": false, "anonymous": false,
	} {
		if got := policy.FieldVisible(vs[name], public, model.VisCommittee); got != want {
			t.Errorf("%s sees a committee-only field: %v, want %v", name, got, want)
		}
	}
	// A field is never wider than its record.
	private := policy.Record{Owner: "HRV", Visibility: model.VisPrivate}
	if policy.FieldVisible(vs["committee expert"], private, model.VisPublic) {
		t.Error("a public field of a private record leaked to the Committee")
	}
}

func TestCreate(t *testing.T) {
	vs := viewers(t)
	for name, want := range map[string]error{
		"owner editor": nil, "owner coordinator": nil, "owner viewer": model.ErrForbidden,
		"SEE State coordinator": model.ErrForbidden, "anonymous": model.ErrUnauthenticated, "system": nil,
	} {
		if err := policy.Create(vs[name], "HRV"); !errors.Is(err, want) || (want == nil) != (err == nil) {
			t.Errorf("%s creates an HRV record: %v, want %v", name, err, want)
		}
	}
}

func ExampleReadFilter() {
	f := policy.ReadFilter(model.Anonymous, "n", "nap", 1)
	fmt.Println(f.SQL)
	// Output: n.visibility = 'public'
}

// TestAuditDetails: an administrator sees the details of an entry about a
// record only when the ordinary policy lets them read it.
func TestAuditDetails(t *testing.T) {
	admin := func(org string) model.Viewer {
		return model.Viewer{Account: &model.Account{ID: 9, Org: org, Role: model.RoleViewer, Admin: true}, OrgKind: model.OrgState}
	}
	private := &policy.Record{Owner: "HRV", Visibility: model.VisPrivate}
	public := &policy.Record{Owner: "HRV", Visibility: model.VisPublic}
	for _, tt := range []struct {
		name string
		v    model.Viewer
		rec  *policy.Record
		want bool
	}{
		{"admin of the owner, private record", admin("HRV"), private, true},
		{"admin of another State, private record", admin("SRB"), private, false},
		{"admin of another State, public record", admin("SRB"), public, true},
		{"admin, unprotected record", admin("SRB"), nil, true},
		{"napx itself", model.SystemViewer("test"), private, true},
		{"not an admin", model.Viewer{Account: &model.Account{ID: 3, Org: "HRV", Role: model.RoleCoordinator}, OrgKind: model.OrgState}, public, false},
	} {
		if got := policy.AuditDetails(tt.v, tt.rec); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

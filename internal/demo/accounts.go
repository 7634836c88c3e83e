package demo

import (
	"context"
	"fmt"

	"napx/internal/model"
	"napx/internal/service"
)

// Password is the password of every demo account (printed at start).
const Password = "napx-demo-CSE-C1-S-17" // #nosec G101 -- the published password of the illustrative demo accounts

// system is who the demo content is written by, in the audit log.
var system = model.SystemViewer("napx demo")

// Account is a demo sign-in.
type Account struct {
	Email, Name, Org, Role string
	Admin                  bool
	Who                    string // the kind of user it stands for
}

// Accounts are the demo sign-ins: one for each kind of user.
var Accounts = []Account{
	{"coordinator@hrv.demo.napx", "Ana Primjer (illustrative)", "HRV", "coordinator", false, "a SEE State's 1540 point of contact (Croatia)"},
	{"editor@hrv.demo.napx", "Ivo Uzorak (illustrative)", "HRV", "editor", false, "a national official updating Croatia's plan"},
	{"viewer@mne.demo.napx", "Mila Ogledna (illustrative)", "MNE", "viewer", false, "a State viewer (Montenegro)"},
	{"coordinator@srb.demo.napx", "Petar Primer (illustrative)", "SRB", "coordinator", false, "another SEE State's point of contact (Serbia)"},
	{"expert@unsc1540.demo.napx", "Committee expert (illustrative)", "UNSC1540", "editor", false, "a member of the 1540 Committee's Group of Experts"},
	{"coordinator@unsc1540.demo.napx", "Committee coordinator (illustrative)", "UNSC1540", "coordinator", false, "the Committee's coordinator (approves matrices)"},
	{"officer@unoda.demo.napx", "UNODA officer (illustrative)", "UNODA", "coordinator", false, "UNODA, the secretariat"},
	{"organiser@racviac.demo.napx", "RACVIAC organiser (illustrative)", "RACVIAC", "coordinator", false, "a RACVIAC activity organiser"},
	{"officer@iaea.demo.napx", "IAEA officer (illustrative)", "IAEA", "editor", false, "an assistance provider (IAEA)"},
	{"admin@demo.napx", "Platform administrator (illustrative)", "UNODA", "viewer", true, "a platform administrator"},
}

func seedAccounts(ctx context.Context, svc *service.Services, note *Note) error {
	for _, a := range Accounts {
		_, err := svc.Accounts.Create(ctx, system, service.AccountInput{Email: a.Email, Name: a.Name, Org: a.Org, Role: a.Role, Admin: a.Admin, Password: Password})
		if err != nil {
			return fmt.Errorf("account %s: %w", a.Email, err)
		}
	}
	contacts := []struct {
		state string
		in    model.PointOfContactInput
	}{
		{"HRV", model.PointOfContactInput{Kind: "capital", Name: "Ana Primjer (illustrative)", Title: "Head of Non-Proliferation (illustrative)",
			Agency: "Ministry of Foreign and European Affairs (illustrative)", Email: "poc.1540@hrv.demo.napx", Phone: "+385 1 000 0000", ValidFrom: "2016-01-01"}},
		{"HRV", model.PointOfContactInput{Kind: "mission", Name: "Marko Ogled (illustrative)", Title: "Counsellor (illustrative)",
			Agency: "Permanent Mission to the United Nations, New York (illustrative)", Email: "mission.1540@hrv.demo.napx", ValidFrom: "2015-03-01", ValidTo: "2019-08-31"}},
		{"SRB", model.PointOfContactInput{Kind: "capital", Name: "Petar Primer (illustrative)", Title: "Chair of the NAP working group (illustrative)",
			Agency: "Ministry of Foreign Affairs (illustrative)", Email: "poc.1540@srb.demo.napx", Phone: "+381 11 000 0000", ValidFrom: "2012-04-01"}},
		{"MNE", model.PointOfContactInput{Kind: "capital", Name: "Mila Ogledna (illustrative)", Title: "Senior adviser (illustrative)",
			Agency: "Ministry of Foreign Affairs (illustrative)", Email: "poc.1540@mne.demo.napx", ValidFrom: "2014-06-01"}},
	}
	for _, c := range contacts {
		c.in.Illustrative = true
		if _, err := svc.Contacts.Create(ctx, system, c.state, c.in); err != nil {
			return fmt.Errorf("point of contact for %s: %w", c.state, err)
		}
	}
	return nil
}

// SignIns describes the demo accounts for the console.
func SignIns() []string {
	lines := []string{"Demo sign-ins (password for all: " + Password + "):"}
	for _, a := range Accounts {
		lines = append(lines, fmt.Sprintf("  %-34s %s", a.Email, a.Who))
	}
	return lines
}

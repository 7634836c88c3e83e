package demo

import (
	"context"
	"fmt"
	"strings"

	"napx/internal/service"
)

// worldAccounts adds the world's sign-ins: for every Member and observer
// State a coordinator, three editors and viewers (AccountsPerOrg in all),
// and OrgAccounts for the organisations, coordinators first. All share the
// demo password; their names say they are illustrative.
func worldAccounts(ctx context.Context, w *world) error {
	cat := w.svc.Directory.Catalog()
	var ins []service.AccountInput
	for _, s := range cat.States {
		code := strings.ToLower(s.Code)
		for i := range w.size.AccountsPerOrg {
			role, email := "viewer", fmt.Sprintf("viewer%d@%s.world.napx", i-3, code)
			switch {
			case i == 0:
				role, email = "coordinator", "coordinator@"+code+".world.napx"
			case i <= 3:
				role, email = "editor", fmt.Sprintf("editor%d@%s.world.napx", i, code)
			}
			ins = append(ins, service.AccountInput{Email: email, Name: fmt.Sprintf("%s %s of %s (illustrative)", worldFirstNames[(i+len(ins))%len(worldFirstNames)], role, s.Name),
				Org: s.Code, Role: role})
		}
	}
	orgs := cat.Organizations
	for i := range w.size.OrgAccounts {
		o := orgs[i%len(orgs)]
		role, email := "coordinator", "coordinator@"+strings.ToLower(o.Code)+".world.napx"
		if n := i / len(orgs); n > 0 {
			role, email = "editor", fmt.Sprintf("editor%d@%s.world.napx", n, strings.ToLower(o.Code))
		}
		ins = append(ins, service.AccountInput{Email: email,
			Name: fmt.Sprintf("%s %s (illustrative)", o.Code, role), Org: o.Code, Role: role})
	}
	// One transaction per few hundred accounts keeps the write lock short.
	for from := 0; from < len(ins); from += 250 {
		to := min(from+250, len(ins))
		if _, err := w.svc.Accounts.CreateIllustrativeAccounts(ctx, system, ins[from:to], Password); err != nil {
			return err
		}
		w.bar.add("accounts", to-from)
	}
	w.note.Lines = append(w.note.Lines, fmt.Sprintf("World: %d illustrative accounts.", len(ins)))
	return nil
}

// worldFirstNames are invented first names for the world's people.
var worldFirstNames = []string{"Amina", "Bao", "Carlos", "Dana", "Elif", "Farid", "Grace", "Hana", "Ivan", "Jia", "Kofi", "Lena",
	"Mateo", "Nadia", "Omar", "Priya", "Quentin", "Rosa", "Sione", "Tariq", "Uma", "Viktor", "Wanjiru", "Ximena", "Yusuf", "Zofia"}

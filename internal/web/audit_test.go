package web_test

import (
	"context"
	"fmt"
	"testing"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/webtest"
)

// TestAuditRedactedForAdministrators (issue 9, item 7): an administrator
// of another State sees that Croatia's private plan was created and
// changed (time, author, action, record ID) but not what the entries say
// about it; Croatia's own administrator does (the ordinary policy lets
// them read the plan); once the plan is published, everyone's
// administrators see it. Pages and API alike.
func TestAuditRedactedForAdministrators(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		const marker = "Zeta audit marker plan"
		coord := app.Account("HRV", model.RoleCoordinator)
		title, typ := marker, model.NAPType1540
		n, err := app.Services.NAPs.Create(context.Background(), coord.Viewer, "HRV",
			model.NAPInput{Title: &title, Type: &typ, PeriodStart: model.Ptr("2026"), PeriodEnd: model.Ptr("2029")})
		if err != nil {
			t.Fatal(err)
		}
		record := fmt.Sprint(n.ID)
		own := app.Account("HRV", model.RoleViewer, webtest.Admin, webtest.Email("admin@hrv.example.org"))
		other := app.Account("SRB", model.RoleViewer, webtest.Admin, webtest.Email("admin@srb.example.org"))
		page := "/admin/audit?kind=nap&record=" + record
		api := "/api/v1/audit?kind=nap&record=" + record
		// Allowed: the owner's administrator reads the plan, so its entries.
		webtest.Expect(t, own.Get(page), 200, "nap.create", marker, "!details withheld")
		webtest.Expect(t, own.Do(webtest.Request{Path: api}), 200, marker)
		// Denied: the entry is there, its content is not.
		webtest.Expect(t, other.Get(page), 200, "nap.create", record, "details withheld: private to Croatia", "!"+marker)
		webtest.Expect(t, other.Do(webtest.Request{Path: api}), 200, `"action":"nap.create"`, "details withheld: private to Croatia", "!"+marker)
		// Published: public, so every administrator sees what changed.
		sys := model.SystemViewer("test")
		if _, err := app.Services.NAPs.Adopt(context.Background(), sys, n.ID, service.Given(model.NAPAdoption{Authority: "Government", Date: "2020-01-15"})); err != nil {
			t.Fatal(err)
		}
		if _, _, err := app.Services.NAPs.Submit(context.Background(), sys, n.ID, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := app.Services.NAPs.Publish(context.Background(), sys, n.ID, nil); err != nil {
			t.Fatal(err)
		}
		webtest.Expect(t, other.Get(page), 200, "nap.publish", marker, "!details withheld")
	})
}

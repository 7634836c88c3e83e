package demo

import (
	"context"
	"fmt"
	"strings"

	"napx/internal/model"
	"napx/internal/service"
)

// seedTranslations gives a few demo records translations (issue 17, item
// 4): Croatia's 2015–2019 plan in Arabic and French, the RACVIAC workshop's
// title in French (marked a machine translation). The texts are the demo's
// own draft translations, illustrative like the records.
func seedTranslations(ctx context.Context, svc *service.Services, _ *Note) error {
	plans, err := svc.NAPs.List(ctx, system, model.NAPFilter{States: []string{"HRV"}})
	if err != nil {
		return err
	}
	put := func(kind string, id int64, lang string, machine bool, fields map[string]string) error {
		_, err := svc.Translations.Save(ctx, system, kind, id, lang, service.Given(model.TranslationInput{Fields: fields, Machine: machine}))
		if err != nil {
			return fmt.Errorf("%s %d into %s: %w", kind, id, lang, err)
		}
		return nil
	}
	for _, p := range plans {
		if !strings.HasPrefix(p.Title, "National Implementation Action Plan 2015–2019") {
			continue
		}
		if err := put("nap", p.ID, "ar", false, map[string]string{"title": "خطة العمل الوطنية للتنفيذ 2015–2019 (توضيحية)"}); err != nil {
			return err
		}
		if err := put("nap", p.ID, "fr", false, map[string]string{"title": "Plan d’action national de mise en œuvre 2015–2019 (illustratif)"}); err != nil {
			return err
		}
	}
	evs, err := svc.Events.List(ctx, system, service.EventQuery{})
	if err != nil {
		return err
	}
	for _, e := range evs {
		if e.Code != SeedWorkshopCode {
			continue
		}
		if err := put("event", e.ID, "fr", true, map[string]string{"title": "Pratiques efficaces de mise en œuvre de la résolution 1540 du Conseil de sécurité : échange d’informations et enseignements tirés"}); err != nil {
			return err
		}
	}
	return nil
}

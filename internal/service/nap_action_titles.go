package service

import (
	"context"

	"napx/internal/model"
)

// ActionTranslations are the translations into lang of a plan's actions
// (issue 17), by action: actions are the plan's actions as read for the
// viewer already (Details), so nothing is read that the viewer may not
// read. One query for the whole table and the Gantt.
func (s *NAPs) ActionTranslations(ctx context.Context, actions []model.NAPAction, lang string) (map[int64]model.Translation, error) {
	ids := make([]int64, len(actions))
	for i, a := range actions {
		ids[i] = a.ID
	}
	return s.db.TranslationsIn(ctx, model.TranslationKindAction, lang, ids)
}

// Package demo fills a demo database with illustrative content: the
// seed's workshop and the accounts, plans, matrices and follow-ups around
// it. Everything it invents is marked illustrative in the data and on
// every page. It writes through the service layer, so demo content obeys
// the same rules (and lands in the same audit log) as anything else.
//
// It imports model, refdata and service.
package demo

import (
	"context"
	"fmt"
	"log/slog"

	"napx/internal/service"
)

// MarkerKey is the setting that marks a database as a demo database.
const MarkerKey = "demo"

// Note is printed after the demo starts: sign-ins and where to look.
type Note struct {
	Lines []string
}

// seeder adds one part of the demo content. Each runs once per database
// (its key is recorded in the settings), so a demo directory made by an
// older napx gains the parts added since.
type seeder struct {
	key  string
	seed func(ctx context.Context, svc *service.Services, note *Note) error
}

// seeders run in order: later parts may rely on earlier ones.
var seeders = []seeder{
	{"accounts", seedAccounts},
	{"naps", seedNAPs},
	{"matrix", seedMatrix},
	{"events", seedEvents},
	{"practices", seedPractices},
	{"assistance", seedAssistance},
	{"history", seedPublicHistory},     // public history, real and sourced (issue 14, item 6)
	{"translations", seedTranslations}, // records in several languages (issue 17, item 4)
}

// Seed adds whatever demo content the database lacks.
func Seed(ctx context.Context, svc *service.Services, log *slog.Logger) (*Note, error) {
	note := &Note{Lines: SignIns()}
	for _, s := range seeders {
		done, err := svc.Demo.Done(ctx, s.key)
		if err != nil {
			return nil, err
		}
		if done {
			continue
		}
		if err := s.seed(ctx, svc, note); err != nil {
			return nil, fmt.Errorf("demo %s: %w", s.key, err)
		}
		if err := svc.Demo.MarkDone(ctx, s.key); err != nil {
			return nil, err
		}
		log.Info("demo content added", "part", s.key)
	}
	return note, nil
}

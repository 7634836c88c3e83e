package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"napx/internal/model"
	"napx/internal/policy"
)

// Matching is computed in a bounded pass (issue 11, item 4): one indexed
// join pairs each need with the programmes of its area (a programme that
// shares no area is never read), and a fixed number of queries more read
// what the pairs may share — the needs' modalities, the requests' groups,
// the programmes' modalities, groups and languages, the open offers and
// who delivered to whom. The number of queries does not grow with the
// number of needs or programmes; nothing outside the pairs is loaded.

// MatchQuery selects the needs to match and the programmes to match them
// with.
type MatchQuery struct {
	Viewer   model.Viewer // only needs of requests the viewer may read
	NeedIDs  []int64      // these needs (nil: every need the other conditions keep)
	Open     bool         // only open needs of circulated requests that have no match yet
	Provider string       // only this provider's programmes
	Today    model.Date   // programmes whose period has not ended
}

// Candidate is a need and a programme of its area, with what they share.
type Candidate struct {
	model.MatchFeatures
	RequestID int64
	Requester string
}

// clause is a WHERE condition built for placeholders numbered from next.
type clause func(next int) (string, []any)

func (q MatchQuery) needClause() clause {
	return func(next int) (string, []any) {
		pf := policy.ReadFilter(q.Viewer, "r", AssistanceKind, next)
		conds := []string{pf.SQL}
		args := append([]any{}, pf.Args...)
		if q.NeedIDs != nil {
			if len(q.NeedIDs) == 0 {
				conds = append(conds, "1 = 0")
			} else {
				hs := make([]string, len(q.NeedIDs))
				for i, id := range q.NeedIDs {
					args = append(args, id)
					hs[i] = fmt.Sprintf("$%d", next+len(args)-1)
				}
				conds = append(conds, "n.id IN ("+strings.Join(hs, ", ")+")")
			}
		}
		if q.Open {
			conds = append(conds, "n.outcome = '' AND r.status = 'circulated' AND NOT EXISTS (SELECT 1 FROM assistance_matches om WHERE om.need_id = n.id)")
		}
		return strings.Join(conds, " AND "), args
	}
}

func (q MatchQuery) programmeClause() clause {
	return func(next int) (string, []any) {
		pf := policy.ReadFilter(q.Viewer, "p", ProgrammeKind, next)
		args := append([]any{}, pf.Args...)
		args = append(args, q.Today)
		cond := fmt.Sprintf("%s AND p.status = 'open' AND (p.ends_on IS NULL OR p.ends_on >= $%d)", pf.SQL, next+len(args)-1)
		if q.Provider != "" {
			args = append(args, q.Provider)
			cond += fmt.Sprintf(" AND p.owner_org = $%d", next+len(args)-1)
		}
		return cond, args
	}
}

// both joins two clauses with AND, numbering the second after the first.
func both(a, b clause) (string, []any) {
	sa, aa := a(1)
	sb, ab := b(1 + len(aa))
	return sa + " AND " + sb, append(aa, ab...)
}

const needsJoin = `assistance_needs n JOIN assistance_requests r ON r.id = n.request_id`

// MatchPairs reads the candidate pairs only: the plain indexed join of the
// needs with the programmes of their area. MatchCandidates builds on it;
// the benchmark compares the two.
func (c *Conn) MatchPairs(ctx context.Context, q MatchQuery) ([]Candidate, map[int64]string, error) {
	where, args := both(q.needClause(), q.programmeClause())
	langs := map[int64]string{}
	out, err := queryAll(ctx, c, func(s scanner) (Candidate, error) {
		var x Candidate
		var lang string
		err := s.Scan(&x.NeedID, &x.Area, &x.RequestID, &x.Requester, &lang, &x.ProgrammeID, &x.Programme, &x.Provider)
		langs[x.RequestID] = lang
		return x, err
	}, `SELECT n.id, n.area, r.id, r.owner_org, r.language, p.id, p.title, p.owner_org FROM `+needsJoin+`
		JOIN assistance_programme_areas pa ON pa.area = n.area JOIN assistance_programmes p ON p.id = pa.programme_id
		WHERE `+where+` ORDER BY n.id, p.id`, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("store: match pairs: %w", err)
	}
	return out, langs, nil
}

// MatchCandidates returns the candidate pairs of q with what each pair
// shares, ordered by need and programme.
func (c *Conn) MatchCandidates(ctx context.Context, q MatchQuery) ([]Candidate, error) {
	out, langs, err := c.MatchPairs(ctx, q)
	if err != nil || len(out) == 0 {
		return out, err
	}
	type pair struct {
		id   int64
		code string
	}
	scanPair := func(s scanner) (pair, error) {
		var p pair
		return p, s.Scan(&p.id, &p.code)
	}
	byNeed := func(sql string) (map[int64][]string, error) {
		where, args := q.needClause()(1)
		rows, err := queryAll(ctx, c, scanPair, strings.Replace(sql, "WHERE_NEEDS", where, 1), args...)
		if err != nil {
			return nil, err
		}
		m := map[int64][]string{}
		for _, r := range rows {
			m[r.id] = append(m[r.id], r.code)
		}
		return m, nil
	}
	byProgramme := func(table, col string) (map[int64][]string, error) {
		where, args := q.programmeClause()(1)
		rows, err := queryAll(ctx, c, scanPair, `SELECT x.programme_id, x.`+col+` FROM `+table+` x JOIN assistance_programmes p ON p.id = x.programme_id
			WHERE `+where+` ORDER BY x.programme_id, x.`+col, args...)
		if err != nil {
			return nil, err
		}
		m := map[int64][]string{}
		for _, r := range rows {
			m[r.id] = append(m[r.id], r.code)
		}
		return m, nil
	}
	needMods, err := byNeed(`SELECT nm.need_id, nm.modality FROM assistance_need_modalities nm JOIN assistance_needs n ON n.id = nm.need_id
		JOIN assistance_requests r ON r.id = n.request_id WHERE WHERE_NEEDS ORDER BY nm.need_id, nm.modality`)
	if err != nil {
		return nil, fmt.Errorf("store: match: need modalities: %w", err)
	}
	reqGroups, err := byNeed(`SELECT DISTINCT g.request_id, g.grp FROM assistance_request_groups g JOIN assistance_requests r ON r.id = g.request_id
		JOIN assistance_needs n ON n.request_id = r.id WHERE WHERE_NEEDS`)
	if err != nil {
		return nil, fmt.Errorf("store: match: request groups: %w", err)
	}
	progMods, err := byProgramme("assistance_programme_modalities", "modality")
	if err != nil {
		return nil, fmt.Errorf("store: match: programme modalities: %w", err)
	}
	progGroups, err := byProgramme("assistance_programme_groups", "grp")
	if err != nil {
		return nil, fmt.Errorf("store: match: programme groups: %w", err)
	}
	progLangs, err := byProgramme("assistance_programme_languages", "lang")
	if err != nil {
		return nil, fmt.Errorf("store: match: programme languages: %w", err)
	}
	offers, err := byNeed(`SELECT o.need_id, ` + castText(c.dialect, "o.programme_id") + ` FROM assistance_offers o JOIN assistance_needs n ON n.id = o.need_id
		JOIN assistance_requests r ON r.id = n.request_id WHERE WHERE_NEEDS`)
	if err != nil {
		return nil, fmt.Errorf("store: match: offers: %w", err)
	}
	where, args := q.needClause()(1)
	delivered, err := queryAll(ctx, c, func(s scanner) ([2]string, error) {
		var p [2]string
		return p, s.Scan(&p[0], &p[1])
	}, `SELECT DISTINCT d.provider_org, d.recipient_org FROM assistance_deliveries d WHERE d.recipient_org IN (SELECT r.owner_org FROM `+needsJoin+` WHERE `+where+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: match: deliveries: %w", err)
	}
	before := map[[2]string]bool{}
	for _, p := range delivered {
		before[p] = true
	}
	for i := range out {
		x := &out[i]
		mods := needMods[x.NeedID]
		x.NeedModalities = len(mods)
		for _, m := range progMods[x.ProgrammeID] {
			if slices.Contains(mods, m) {
				x.SharedModalities = append(x.SharedModalities, m)
			}
		}
		groups := progGroups[x.ProgrammeID]
		x.Worldwide = len(groups) == 0
		for _, g := range groups {
			if slices.Contains(reqGroups[x.RequestID], g) {
				x.ServesRegion = g
				break
			}
		}
		if l := langs[x.RequestID]; l != "" && slices.Contains(progLangs[x.ProgrammeID], l) {
			x.SharedLanguage = l
		}
		x.DeliveredBefore = before[[2]string{x.Provider, x.Requester}]
		x.Offered = slices.Contains(offers[x.NeedID], fmt.Sprint(x.ProgrammeID))
	}
	return out, nil
}

// castText is a column as text on either engine.
func castText(d Dialect, col string) string {
	if d == Postgres {
		return col + "::text"
	}
	return "CAST(" + col + " AS TEXT)"
}

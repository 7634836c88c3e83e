package refdata_test

import (
	"slices"
	"strings"
	"sync"
	"testing"

	"napx/internal/model"
	"napx/internal/refdata"
)

func TestCatalogIntegrity(t *testing.T) {
	c, err := refdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	members, observers := 0, 0
	for _, s := range c.States {
		switch s.Status {
		case "member":
			members++
		case "observer":
			observers++
		}
	}
	if members != 193 || observers != 2 {
		t.Errorf("States: %d members and %d observers, want 193 and 2", members, observers)
	}
	for _, code := range []string{"VAT", "PSE"} {
		if s := c.State(code); s == nil || s.Status != "observer" {
			t.Errorf("%s is not an observer State", code)
		}
	}
	// Every UN member is in exactly one UN regional group as a member,
	// except the United States (an observer in WEOG).
	un := []string{"UN-AFRICA", "UN-APG", "UN-EEG", "UN-GRULAC", "UN-WEOG"}
	for _, s := range c.States {
		if s.Status != "member" {
			continue
		}
		n := 0
		for _, m := range c.GroupsOf(s.Code) {
			if slices.Contains(un, m.Group.Code) && m.Role == "member" {
				n++
			}
		}
		want := 1
		if s.Code == "USA" {
			want = 0
		}
		if n != want {
			t.Errorf("%s is a member of %d UN regional groups, want %d", s.Code, n, want)
		}
	}
	see := c.Members("SEE")
	slices.Sort(see)
	if !slices.Equal(see, []string{"ALB", "BIH", "HRV", "MKD", "MNE", "SRB"}) {
		t.Errorf("SEE = %v", see)
	}
	if n := len(c.Members("OSCE")); n != 57 {
		t.Errorf("OSCE has %d participating States, want 57", n)
	}
	for _, g := range append([]string{"SEE", "OSCE", "RACVIAC"}, un...) {
		if c.Group(g) == nil {
			t.Errorf("group %s is missing", g)
		}
	}
	for _, o := range []string{"UNSC1540", "UNODA", "IAEA", "OPCW", "WCO", "OSCE", "RACVIAC", "USEUCOM", "DTRA", "ICP",
		"BWC-ISU", "UNODC", "INTERPOL", "WHO", "WOAH", "EU", "OAS", "AU", "LAS", "ASEAN", "IPU", "UNICRI", "UNLIREC", "UNRCPD", "SEESAC"} {
		if c.Organization(o) == nil {
			t.Errorf("organisation %s is missing", o)
		}
	}
	if o, ok := c.Org("hrv"); !ok || o.Kind != model.OrgState || o.Name != "Croatia" {
		t.Errorf("Org(hrv) = %+v, %v", o, ok)
	}
	if o, _ := c.Org("UNSC1540"); o.Kind != model.OrgCommittee {
		t.Errorf("UNSC1540 kind = %s", o.Kind)
	}
	if o, _ := c.Org("UNODA"); o.Kind != model.OrgSecretariat {
		t.Errorf("UNODA kind = %s", o.Kind)
	}
}

func TestSearchStatesByAnyName(t *testing.T) {
	c := refdata.MustLoad()
	tests := []struct {
		q    string
		want string // the one State that must be found
		only bool   // and no other
	}{
		{"former Yugoslav Republic of Macedonia", "MKD", true},
		{"the former yugoslav republic of macedonia", "MKD", true},
		{"North Macedonia", "MKD", true},
		{"Turkey", "TUR", true},
		{"Türkiye", "TUR", true},
		{"turkiye", "TUR", true},
		{"Swaziland", "SWZ", true},
		{"Eswatini", "SWZ", true},
		{"Czech Republic", "CZE", true},
		{"Czechia", "CZE", true},
		{"Cape Verde", "CPV", true},
		{"Cabo Verde", "CPV", true},
		{"Hellenic Republic", "GRC", true},
		{"Republic of Croatia", "HRV", true},
		{"hrv", "HRV", false},
		{"Côte d'Ivoire", "CIV", true},
		{"cote d ivoire", "CIV", true},
		{"Moldova", "MDA", true},
		{"Holy See", "VAT", true},
	}
	for _, tt := range tests {
		got := c.SearchStates(tt.q)
		var codes []string
		for _, s := range got {
			codes = append(codes, s.Code)
		}
		if !slices.Contains(codes, tt.want) {
			t.Errorf("SearchStates(%q) = %v, lacks %s", tt.q, codes, tt.want)
		}
		if tt.only && len(codes) != 1 {
			t.Errorf("SearchStates(%q) = %v, want only %s", tt.q, codes, tt.want)
		}
	}
	if n := len(c.SearchStates("")); n != 195 {
		t.Errorf("empty search = %d States, want 195", n)
	}
	if n := len(c.SearchStates("no such country anywhere")); n != 0 {
		t.Errorf("nonsense search found %d", n)
	}
}

func TestNameOn(t *testing.T) {
	c := refdata.MustLoad()
	tests := []struct {
		code, day, want string
	}{
		{"MKD", "2017-09-14", "the former Yugoslav Republic of Macedonia"},
		{"MKD", "2019-02-14", "North Macedonia"},
		{"TUR", "2017-09-14", "Turkey"},
		{"TUR", "2023-01-01", "Türkiye"},
		{"SWZ", "2010-01-01", "Swaziland"},
		{"CPV", "2012-01-01", "Cape Verde"},
		{"HRV", "2017-09-14", "Croatia"},
	}
	for _, tt := range tests {
		got, _ := c.State(tt.code).NameOn(model.MustDate(tt.day))
		if got != tt.want {
			t.Errorf("%s on %s = %q, want %q", tt.code, tt.day, got, tt.want)
		}
	}
}

func TestTaxonomyShipped(t *testing.T) {
	b, err := refdata.TaxonomyCSV()
	if err != nil || len(b) == 0 {
		t.Fatalf("matrix taxonomy CSV missing: %v", err)
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"Türkiye":                 "turkiye",
		"  Côte d'Ivoire":         "cote d ivoire",
		"Bosnia-and--Herzegovina": "bosnia and herzegovina",
		"":                        "",
	} {
		if got := refdata.Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTaxonomyIntegrity(t *testing.T) {
	tx, err := refdata.LoadTaxonomy()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(tx.Fields); n != 323 {
		t.Errorf("taxonomy has %d fields, want 323 (matrix.md §7)", n)
	}
	verified := 0
	areas := map[string]int{}
	for _, f := range tx.Fields {
		if f.Verified {
			verified++
		}
		areas[f.Area]++
		if !tx.Has(f.ID) {
			t.Errorf("%s not found by ID", f.ID)
		}
	}
	if verified != 10 {
		t.Errorf("%d verified fields, want 10 (OP 1 rows 1-10)", verified)
	}
	if areas["OP1"] != 17 || areas["OP2"] != 72 {
		t.Errorf("areas = %v", areas)
	}
	for _, id := range []string{"OP1-07", "OP3d-NW-09.LF"} {
		if !tx.Has(id) {
			t.Errorf("%s missing", id)
		}
	}
	f, _ := tx.Field("OP3d-NW-09.LF")
	if f.Weapon != "NW" || f.Column != "LF" || f.Area != "OP3d" || f.Element != "OP3d-NW-09" || f.Verified {
		t.Errorf("OP3d-NW-09.LF = %+v", f)
	}
}

func TestParseTaxonomyRefusesBadRows(t *testing.T) {
	head := "id,section,row,label,weapon,column,verified,source\n"
	for name, body := range map[string]string{
		"duplicate":      "OP1-01,S,1,L,-,YES,V,s\nOP1-01,S,1,L,-,YES,V,s\n",
		"weapon differs": "OP2-NW-01.LF,OP 2,1,L,CW,LF,I,s\n",
		"column differs": "OP2-NW-01.LF,OP 2,1,L,NW,EN,I,s\n",
		"bad flag":       "OP1-01,S,1,L,-,YES,X,s\n",
		"unknown area":   "OP9-01,S,1,L,-,YES,V,s\n",
	} {
		if _, err := refdata.ParseTaxonomy(strings.NewReader(head + body)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// TestNormalizeConcurrently: searches run in many requests at once.
func TestNormalizeConcurrently(t *testing.T) {
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 500 {
				in, want := "Türkiye", "turkiye"
				if (i+j)%2 == 0 {
					in, want = "Côte d'Ivoire", "cote d ivoire"
				}
				if got := refdata.Normalize(in); got != want {
					t.Errorf("Normalize(%q) = %q under concurrency", in, got)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// TestRegionalReferenceData: the organisations, groups and names added for
// the regional view (issue 14, item 5).
func TestRegionalReferenceData(t *testing.T) {
	c := refdata.MustLoad()
	for _, tt := range []struct {
		code, parent string
		kind         model.OrgKind
	}{
		{"UNREC", "UNODA", model.OrgRegionalCentre}, {"UNLIREC", "UNODA", model.OrgRegionalCentre}, {"UNRCPD", "UNODA", model.OrgRegionalCentre},
		{"CARICOM", "", model.OrgInternational}, {"SICA", "", model.OrgInternational}, {"NSG", "", model.OrgInternational},
		{"AG", "", model.OrgInternational}, {"MTCR", "", model.OrgInternational}, {"WA", "", model.OrgInternational},
		{"CTBTO", "", model.OrgInternational}, {"UNSC1540-GOE", "UNSC1540", model.OrgCommittee}, {"UNSC1540", "", model.OrgCommittee},
	} {
		o, ok := c.Org(tt.code)
		if !ok || o.Kind != tt.kind || o.Parent != tt.parent {
			t.Errorf("Org(%s) = %+v, %v; want kind %s, parent %q", tt.code, o, ok, tt.kind, tt.parent)
		}
	}
	// The Committee and its Group of Experts are told apart: the experts'
	// names lead to the Group of Experts only.
	goe, com := c.Organization("unsc1540-goe"), c.Organization("UNSC1540")
	for _, alias := range []string{"Group of Experts", "1540 Committee Experts", "GoE"} {
		if !slices.Contains(goe.Aliases, alias) || slices.Contains(com.Aliases, alias) {
			t.Errorf("alias %q: Group of Experts %v, Committee %v", alias, goe.Aliases, com.Aliases)
		}
	}
	// UN: every Member State, and nothing else.
	un := c.Members("UN")
	members := 0
	for _, s := range c.States {
		if s.Status == "member" {
			members++
			if !c.InGroup(s.Code, "UN") {
				t.Errorf("%s is a Member State but not in the group UN", s.Code)
			}
		}
	}
	if len(un) != 193 || members != 193 || c.InGroup("VAT", "UN") || c.InGroup("PSE", "UN") {
		t.Errorf("UN has %d members (%d Member States); observers in it: %v %v", len(un), members, c.InGroup("VAT", "UN"), c.InGroup("PSE", "UN"))
	}
	// C-WMD: as RACVIAC lists it, with its source.
	g := c.Group("c-wmd")
	if g == nil || g.Source != "racviac-c-wmd-network" {
		t.Fatalf("C-WMD = %+v", g)
	}
	var states []string
	roles := map[string]string{}
	for _, m := range g.Members {
		roles[m.Code] = m.Role
		if c.State(m.Code) != nil && m.Role == "member" {
			states = append(states, m.Code)
		}
	}
	slices.Sort(states)
	if !slices.Equal(states, []string{"ALB", "BGR", "BIH", "MDA", "MKD", "MNE", "ROU", "SRB"}) || roles["HRV"] != "mentor" || roles["USEUCOM"] != "partner" {
		t.Errorf("C-WMD members %v, roles %v", states, roles)
	}
}

func TestFormerNamesSince2004(t *testing.T) {
	c := refdata.MustLoad()
	for _, tt := range []struct {
		code, day, want string
		formal          bool
	}{
		{"NPL", "2007-06-01", "the Kingdom of Nepal", true},
		{"NPL", "2008-05-28", "the Federal Democratic Republic of Nepal", true},
		{"MMR", "2005-01-01", "the Union of Myanmar", true},
		{"MMR", "2011-01-01", "the Republic of the Union of Myanmar", true},
		{"HUN", "2011-12-31", "the Republic of Hungary", true},
		{"HUN", "2012-01-01", "Hungary", true},
		{"FJI", "2005-01-01", "the Republic of the Fiji Islands", true},
		{"SOM", "2010-01-01", "the Somali Republic", true},
		{"LBY", "2010-01-01", "the Great Socialist People's Libyan Arab Jamahiriya", true},
		{"LBY", "2012-06-01", "Libya", true},
		{"LBY", "2014-01-01", "the State of Libya", true},
		{"MNE", "2007-01-01", "the Republic of Montenegro", true},
		{"MNE", "2017-09-14", "Montenegro", true},
		{"GMB", "2016-06-01", "the Islamic Republic of The Gambia", true},
		{"GMB", "2017-09-14", "the Republic of The Gambia", true},
		{"VEN", "2003-01-01", "Venezuela", false},
		{"VEN", "2017-09-14", "Venezuela (Bolivarian Republic of)", false},
		{"MKD", "2017-09-14", "the former Yugoslav Republic of Macedonia", true},
	} {
		s := c.State(tt.code)
		got, _ := s.NameOn(model.MustDate(tt.day))
		if tt.formal {
			got, _ = s.FormalNameOn(model.MustDate(tt.day))
		}
		if got != tt.want {
			t.Errorf("%s on %s (formal %v) = %q, want %q", tt.code, tt.day, tt.formal, got, tt.want)
		}
	}
	// Every fact names a source the file lists (Load refuses others), and
	// nothing compiled from general knowledge claims to be verified.
	for _, s := range c.States {
		for _, f := range s.FormerNames {
			if f.Verified && f.Source == refdata.GeneralKnowledge {
				t.Errorf("%s %q verified from general knowledge", s.Code, f.Name)
			}
		}
	}
	if g := c.State("gmb"); g.NameSource != refdata.GeneralKnowledge || g.NameNote == "" {
		t.Errorf("the Gambia's UN names carry no source: %+v", g)
	}
}

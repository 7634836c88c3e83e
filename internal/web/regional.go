package web

import (
	"html/template"
	"strconv"
)

// regionalFuncs are the template functions of the regional views (issue 14).
var regionalFuncs = template.FuncMap{
	// visible says how many items of a section the reader may see, and
	// never how many are hidden.
	"visible": func(n int) string {
		switch n {
		case 0:
			return "None visible to you."
		case 1:
			return "1 item visible to you."
		}
		return strconv.Itoa(n) + " items visible to you."
	},
}

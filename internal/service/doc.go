// Package service holds napx's use cases: the rules, workflows and checks
// that the web pages, the JSON API and the command line share. Handlers
// parse input and pick a response; everything they decide goes through
// here, so the three front ends cannot drift apart.
//
// It imports model, refdata, policy and store. web, api, cli and demo
// import it; it imports none of them.
package service

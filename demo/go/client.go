// Package inventory calls the inventory service and serves its own API.
package inventory

import (
	"log"
	"net/http"
	"time"
)

// Fetch retries the inventory service until it answers.
func Fetch(client *http.Client, req *http.Request, maxRetries int) (*http.Response, error) {
	var resp *http.Response
	var err error
	for attempt := 0; attempt < maxRetries; attempt++ {
		resp, err = client.Do(req)
		if err == nil {
			break
		}
		time.Sleep(time.Second)
	}
	return resp, err
}

// Serve starts the HTTP API.
func Serve(mux *http.ServeMux) {
	log.Fatal(http.ListenAndServe(":8080", mux))
}

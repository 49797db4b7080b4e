// Starts Swagger UI (served from this app, drf-spectacular-sidecar) on the API's own
// OpenAPI document. A file of its own: the pages' Content-Security-Policy allows no inline
// script.
const root = document.getElementById("swagger-ui");
window.SwaggerUIBundle({
  url: root.dataset.schemaUrl,
  dom_id: "#swagger-ui",
  deepLinking: true,
  presets: [window.SwaggerUIBundle.presets.apis, window.SwaggerUIStandalonePreset],
  layout: "BaseLayout",
  requestInterceptor: (request) => {
    // Writes by the signed-in session carry its CSRF token, as a form would.
    const csrf = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="));
    if (csrf) request.headers["X-CSRFToken"] = csrf.split("=")[1];
    return request;
  },
});

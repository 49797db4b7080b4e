"""Developer tools: the demo record loader and the benchmark; the app never imports them."""

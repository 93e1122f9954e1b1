"""Post views, counted on the server from the page requests and written behind them to the
`analytics` database, which no reader's request ever waits on."""

"""The event index: tables (`models`), database access and migrations
(`store`), typed events to derived rows (`handlers`), and the chain follower
with reorg handling (`follower`)."""

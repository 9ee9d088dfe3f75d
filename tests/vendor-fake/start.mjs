// Starts the vendor's own fake, @seamapi/fake-seam-connect (pinned in package.json), the way its
// `fake-seam-connect --seed` command does (createFake, seed, startServer on $PORT), and adds
// what its seed lacks for the ACS routes it serves: one Visionline entrance and one access
// group in the seeded Visionline system, made with the fake's own database calls. (Its
// `PUT /_fake/database` cannot add them: it replaces the store, methods included, with the
// JSON it is given, and every route then fails with `this.getState(...)[prop] is not a
// function`.) Prints one line of JSON with their ids; the server then runs until killed.

import process from 'node:process'

import { createFake } from '@seamapi/fake-seam-connect'

const port = Number(process.env.PORT)
if (!Number.isInteger(port) || port <= 0) throw new Error('PORT must name the port to listen on')

const fake = await createFake()
const seed = await fake.seed()
const entrance = fake.database.addAcsEntrance({
  acs_system_id: seed.visionline_acs_system_1,
  visionline_metadata: { door_name: 'Lobby', door_category: 'common' },
})
const group = fake.database.addAcsAccessGroup({
  acs_system_id: seed.visionline_acs_system_1,
  workspace_id: seed.seed_workspace_1,
  external_type: 'salto_access_group',
  name: 'Staff',
})
await fake.startServer({ port, signals: ['SIGINT', 'SIGTERM'] })
console.log(
  JSON.stringify({
    url: fake.serverUrl,
    acs_entrance_id: entrance.acs_entrance_id,
    acs_access_group_id: group.acs_access_group_id,
  }),
)

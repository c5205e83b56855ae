-- The demo's sample database "shop", run as its owner shop_owner (so shop_owner owns every table).
CREATE TABLE customers (
  id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name       text NOT NULL,
  email      text NOT NULL UNIQUE,
  country    text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE products (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sku         text NOT NULL UNIQUE,
  name        text NOT NULL,
  price       numeric(10, 2) NOT NULL CHECK (price >= 0),
  stock       integer NOT NULL DEFAULT 0
);

CREATE TABLE orders (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id integer NOT NULL REFERENCES customers (id),
  product_id  integer NOT NULL REFERENCES products (id),
  quantity    integer NOT NULL CHECK (quantity > 0),
  status      text NOT NULL DEFAULT 'placed' CHECK (status IN ('placed', 'shipped', 'delivered', 'refunded')),
  ordered_at  timestamptz NOT NULL DEFAULT now()
);

INSERT INTO customers (name, email, country) VALUES
  ('Ada Lovelace', 'ada@example.com', 'GB'),
  ('Grace Hopper', 'grace@example.com', 'US'),
  ('Edsger Dijkstra', 'edsger@example.com', 'NL'),
  ('Barbara Liskov', 'barbara@example.com', 'US'),
  ('Donald Knuth', 'don@example.com', 'US'),
  ('Margaret Hamilton', 'margaret@example.com', 'US'),
  ('Niklaus Wirth', 'niklaus@example.com', 'CH'),
  ('Frances Allen', 'frances@example.com', 'US');

INSERT INTO products (sku, name, price, stock) VALUES
  ('MUG-01', 'jitgate mug', 12.50, 140),
  ('TEE-01', 'jitgate t-shirt', 24.00, 75),
  ('STK-10', 'sticker pack', 4.99, 900),
  ('HOO-01', 'hoodie', 49.00, 30),
  ('CAP-01', 'cap', 18.00, 60),
  ('BOT-01', 'water bottle', 15.00, 110);

INSERT INTO orders (customer_id, product_id, quantity, status, ordered_at) VALUES
  (1, 1, 2, 'delivered', now() - interval '20 days'),
  (1, 3, 5, 'delivered', now() - interval '20 days'),
  (2, 2, 1, 'shipped',   now() - interval '6 days'),
  (3, 4, 1, 'refunded',  now() - interval '15 days'),
  (4, 5, 2, 'placed',    now() - interval '1 day'),
  (5, 1, 1, 'delivered', now() - interval '30 days'),
  (5, 6, 3, 'shipped',   now() - interval '3 days'),
  (6, 2, 2, 'placed',    now() - interval '2 hours'),
  (7, 3, 10, 'delivered', now() - interval '12 days'),
  (8, 4, 1, 'shipped',   now() - interval '4 days'),
  (2, 6, 1, 'placed',    now() - interval '30 minutes'),
  (3, 1, 4, 'delivered', now() - interval '40 days');

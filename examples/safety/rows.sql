insert into users (id, email, nick) values (1, 'ada@example.com', 'ada');
insert into users (id, email, nick) values (2, null, 'bob');
insert into users (id, email, nick) values (3, null, 'cy');
insert into users (id, email, nick) values (4, null, 'dee');

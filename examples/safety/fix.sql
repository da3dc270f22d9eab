update users set email = 'user' || id || '@example.com' where email is null;
